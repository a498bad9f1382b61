/**
 * @module The `$` HTTP adapter: `node:http`/`node:https` with the address guard on every connection
 * (redirects followed by hand, each hop checked again), a timeout, an optional shared deadline, and a
 * response-size cap; failures come back as data.
 */
import http from "node:http";
import https from "node:https";
import dns from "node:dns";
import net from "node:net";
import type { LookupFunction } from "node:net";
import type { Fetcher, HttpRequest, HttpResponse } from "../../engine/types.ts";
import { redactUrl, redactUrlsIn } from "../log/redact-url.ts";
import { addressPolicy } from "./address-guard.ts";
import type { AddressPolicy } from "./address-guard.ts";

/** The subset of a pino logger the adapters use, so any pino instance (or a test spy) fits. */
export interface AdapterLogger {
  warn(fields: Record<string, unknown>, message: string): void;
  /** Macros' `console.log`/`info`/`debug` lines (warnings when absent). */
  info?(fields: Record<string, unknown>, message: string): void;
}

export interface FetcherOptions {
  /** Whole-call limit: connecting, headers and body (every redirect hop included). */
  timeoutMs?: number;
  /** Bodies larger than this are abandoned mid-stream. */
  maxBytes?: number;
  /** Hosts, addresses and CIDR ranges that may be reached although not public (`runtime.http.allow`). */
  allow?: readonly string[];
  /** Redirects followed before giving up. */
  maxRedirects?: number;
  logger?: AdapterLogger;
}

/**
 * Returns a Fetcher that never throws: every failure (bad URL, refused address, DNS, refused connection,
 * timeout, oversized body, too many redirects) comes back as `{ status: 0, text: "", error }` so a bot's
 * reply degrades instead of crashing. `request.deadline` (epoch ms), when given, ends the call then.
 */
export function createFetcher({ timeoutMs = 5000, maxBytes = 1_000_000, allow = [], maxRedirects = 5, logger }: FetcherOptions = {}): Fetcher {
  const policy = addressPolicy(allow);
  return async (request: HttpRequest): Promise<HttpResponse> => {
    const started = Date.now();
    const limit = request.deadline === undefined ? timeoutMs : Math.min(timeoutMs, request.deadline - started);
    const result = limit <= 0 ? failure(budgetSpent()) : await attempt(request, { timeoutMs: limit, maxBytes, maxRedirects, policy });
    if (result.error !== undefined) {
      logger?.warn(
        { method: request.method, url: redactUrl(request.url), error: redactUrlsIn(result.error), ms: Date.now() - started },
        `HTTP ${request.method} ${redactUrl(request.url)} failed: ${redactUrlsIn(result.error)}`,
      );
    }
    return result;
  };
}

interface AttemptOptions {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  policy: AddressPolicy;
}

async function attempt(request: HttpRequest, options: AttemptOptions): Promise<HttpResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  let current = { method: request.method.toUpperCase(), url: request.url, headers: { ...request.headers }, body: request.body };
  try {
    for (let hop = 0; ; hop++) {
      let url: URL;
      try {
        url = new URL(current.url);
      } catch {
        return failure(`invalid URL "${current.url}"`);
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") return failure(`unsupported URL scheme "${url.protocol}" (only http and https)`);
      const literal = url.hostname.replace(/^\[|\]$/g, "");
      if (net.isIP(literal)) {
        const refused = options.policy.refusal(literal, literal);
        if (refused !== null) return failure(`refused: ${refused}`);
      }
      const outcome = await send(url, current, options, controller.signal);
      if (outcome.type === "failure") return failure(controller.signal.aborted ? `timed out after ${options.timeoutMs} ms` : outcome.error);
      if (outcome.type === "response") return outcome.response;
      if (hop >= options.maxRedirects) return failure(`more than ${options.maxRedirects} redirects`);
      // 303, and 301/302 after a POST, become a GET without a body, as browsers and fetch do.
      const toGet = outcome.status === 303 || ((outcome.status === 301 || outcome.status === 302) && current.method === "POST");
      const next = new URL(outcome.location, url);
      const headers = { ...current.headers };
      if (next.origin !== url.origin) for (const name of Object.keys(headers)) if (/^(authorization|cookie)$/i.test(name)) delete headers[name];
      current = toGet ? { method: "GET", url: next.toString(), headers, body: undefined } : { ...current, url: next.toString(), headers };
    }
  } finally {
    clearTimeout(timer);
  }
}

type SendOutcome = { type: "response"; response: HttpResponse } | { type: "redirect"; status: number; location: string } | { type: "failure"; error: string };

function send(
  url: URL,
  request: { method: string; headers: Record<string, string>; body: string | undefined },
  options: AttemptOptions,
  signal: AbortSignal,
): Promise<SendOutcome> {
  return new Promise((resolve) => {
    let refused: string | null = null;
    // The address checked is the address connected to: no second lookup a DNS answer could change.
    const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
      dns.lookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
        if (error) return callback(error, "", 0);
        const list = addresses as dns.LookupAddress[];
        for (const entry of list) {
          const why = options.policy.refusal(hostname, entry.address);
          if (why !== null) {
            refused = `${hostname} resolves to ${why}`;
            return callback(Object.assign(new Error(refused), { code: "EREFUSED_ADDRESS" }), "", 0);
          }
        }
        if (lookupOptions.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
        const first = list[0];
        if (!first) return callback(Object.assign(new Error(`host not found (DNS): ${hostname}`), { code: "ENOTFOUND" }), "", 0);
        callback(null, first.address, first.family);
      });
    };
    const body = request.body === undefined ? undefined : Buffer.from(request.body);
    const transport = url.protocol === "https:" ? https : http;
    const req = transport.request(url, {
      method: request.method,
      headers: { ...request.headers, ...(body !== undefined && { "content-length": String(body.length) }) },
      lookup,
      signal,
      // Each hop gets its own connection: a kept-alive socket to an earlier host must not carry the next request.
      agent: false,
    });
    req.on("error", (error) => {
      if (refused !== null) return resolve({ type: "failure", error: `refused: ${refused}` });
      resolve({ type: "failure", error: describe(error) });
    });
    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && status !== 304 && typeof location === "string") {
        res.resume();
        return resolve({ type: "redirect", status, location });
      }
      // A HEAD answer has no body: its declared length describes the resource (what lint's size checks read).
      const declared = request.method === "HEAD" ? NaN : Number(res.headers["content-length"]);
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        resolve({ type: "failure", error: tooLarge(options.maxBytes) });
        res.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          resolve({ type: "failure", error: tooLarge(options.maxBytes) });
          res.destroy();
          return;
        }
        chunks.push(chunk);
      });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers)) if (typeof value === "string") headers[name] = value;
      res.on("end", () => resolve({ type: "response", response: { status, text: new TextDecoder().decode(Buffer.concat(chunks)), headers } }));
      res.on("error", (error) => resolve({ type: "failure", error: describe(error) }));
      res.on("aborted", () => resolve({ type: "failure", error: "connection reset by the server" }));
    });
    req.end(body);
  });
}

function describe(error: unknown): string {
  const e = error as { code?: string; message?: string; hostname?: string };
  switch (e.code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `host not found (DNS): ${e.hostname ?? e.message ?? ""}`.trim();
    case "ECONNRESET":
      return "connection reset by the server";
    case "ABORT_ERR":
      return "aborted";
    default:
      return e.message ?? String(error);
  }
}

const budgetSpent = () => "timed out: the reply's $ calls used up their shared time budget (runtime.http.budgetMs)";
const tooLarge = (maxBytes: number) => `response larger than ${maxBytes} bytes`;
const failure = (error: string): HttpResponse => ({ status: 0, text: "", error });
