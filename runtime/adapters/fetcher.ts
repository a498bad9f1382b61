/** @module The `$` HTTP adapter: Node's `fetch` with a timeout and a response-size cap, failures as data. */
import type { Fetcher, HttpRequest, HttpResponse } from "../engine/types.ts";

/** The subset of a pino logger the adapters use, so any pino instance (or a test spy) fits. */
export interface AdapterLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface FetcherOptions {
  /** Whole-call limit: connecting, headers and body. */
  timeoutMs?: number;
  /** Bodies larger than this are abandoned mid-stream. */
  maxBytes?: number;
  logger?: AdapterLogger;
}

/**
 * Returns a Fetcher that never throws: every failure (bad URL, DNS, refused, timeout, oversized body)
 * comes back as `{ status: 0, text: "", error }` so a bot's reply can degrade instead of crashing.
 */
export function createFetcher({ timeoutMs = 5000, maxBytes = 1_000_000, logger }: FetcherOptions = {}): Fetcher {
  return async (request: HttpRequest): Promise<HttpResponse> => {
    const started = Date.now();
    const result = await attempt(request, timeoutMs, maxBytes);
    if (result.error !== undefined) {
      logger?.warn(
        { method: request.method, url: request.url, error: result.error, ms: Date.now() - started },
        `HTTP ${request.method} ${request.url} failed: ${result.error}`,
      );
    }
    return result;
  };
}

async function attempt(request: HttpRequest, timeoutMs: number, maxBytes: number): Promise<HttpResponse> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return failure(`invalid URL "${request.url}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return failure(`unsupported URL scheme "${url.protocol}" (only http and https)`);
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new TimeoutError(timeoutMs)), timeoutMs);
  try {
    const response = await fetch(url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
      redirect: "follow",
    });
    const declared = Number(response.headers.get("content-length"));
    if (Number.isFinite(declared) && declared > maxBytes) {
      controller.abort();
      return failure(tooLarge(maxBytes));
    }
    const text = await readCapped(response, maxBytes, controller);
    if (text === null) return failure(tooLarge(maxBytes));
    return { status: response.status, text };
  } catch (error) {
    return failure(describe(error, controller.signal));
  } finally {
    clearTimeout(timer);
  }
}

/** Streams the body, giving up (and aborting the connection) as soon as it passes the cap. */
async function readCapped(response: Response, maxBytes: number, controller: AbortController): Promise<string | null> {
  if (!response.body) return "";
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  let size = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      controller.abort();
      await reader.cancel().catch(() => undefined);
      return null;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

class TimeoutError extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = "TimeoutError";
  }
}

function describe(error: unknown, signal: AbortSignal): string {
  if (signal.aborted && signal.reason instanceof TimeoutError) return signal.reason.message;
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  switch (cause?.code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `host not found (DNS): ${cause.message ?? ""}`.trim();
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
      return "connection reset by the server";
    default:
      if (cause?.message) return cause.message;
      return error instanceof Error ? error.message : String(error);
  }
}

const tooLarge = (maxBytes: number) => `response larger than ${maxBytes} bytes`;
const failure = (error: string): HttpResponse => ({ status: 0, text: "", error });
