/** @module A real Fetcher that answers `$` calls from a transcript's canned responses instead of the network. */
import type { Fetcher, HttpRequest } from "../../../engine/types.ts";
import type { CannedResponse } from "./types.ts";

export interface CannedFetcher extends Fetcher {
  /** Calls that had no canned response, for the test report. */
  misses: string[];
  /** Every call made, in order (`METHOD url`). */
  calls: string[];
}

/**
 * Keys are a URL (`https://api.example.com/x?y=1`), optionally preceded by a method (`POST https://…`),
 * and may use `*` to match any run of characters. Exact keys win over globs; among globs, the first written.
 */
export function createCannedFetcher(responses: Record<string, CannedResponse>): CannedFetcher {
  const entries = Object.entries(responses).map(([key, response]) => {
    const match = /^(GET|POST|PUT|PATCH|DELETE)\s+(.+)$/i.exec(key.trim());
    const method = match ? match[1]!.toUpperCase() : null;
    const url = (match ? match[2]! : key).trim();
    return { method, url, glob: url.includes("*") ? globToRegExp(url) : null, response };
  });
  const find = (request: HttpRequest) => {
    const candidates = entries.filter((e) => e.method === null || e.method === request.method.toUpperCase());
    return candidates.find((e) => e.glob === null && e.url === request.url) ?? candidates.find((e) => e.glob?.test(request.url));
  };

  const fetcher = (async (request: HttpRequest) => {
    const label = `${request.method.toUpperCase()} ${request.url}`;
    fetcher.calls.push(label);
    const entry = find(request);
    if (!entry) {
      fetcher.misses.push(label);
      return { status: 0, text: "", error: `no canned response for ${label} (add it under http: in the transcript)` };
    }
    const { status, json, text, error } = entry.response;
    if (error !== undefined) return { status: 0, text: "", error };
    return { status: status ?? 200, text: text ?? (json === undefined ? "" : JSON.stringify(json)) };
  }) as CannedFetcher;
  fetcher.misses = [];
  fetcher.calls = [];
  return fetcher;
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .split("*")
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
}
