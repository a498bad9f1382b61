/** @module Structured logs for the runtime: one pino logger, JSON lines, every failure says what happened and what to do. */
import pino from "pino";
import type { DestinationStream, Logger } from "pino";
import { inertJsonText } from "../../compiler/diagnostics/inert-text.ts";
import { redactUrlsIn } from "./redact-url.ts";

export type { Logger } from "pino";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  level?: LogLevel;
  /** Where the JSON lines go; stdout when absent. Tests pass a collecting stream. */
  destination?: DestinationStream;
}

export function createLogger({ level = "info", destination }: LoggerOptions = {}): Logger {
  const options = {
    level,
    base: { service: "bot" },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Phone numbers are the users' identity; auth tokens never belong in a log line.
    redact: { paths: ["authToken", "*.authToken", "headers.authorization"], remove: true },
    // Every line passes the URL redaction helper: a URL anywhere in the message or a field (a `$` call,
    // a media URL, DATABASE_URL in a driver's error) loses its password and secret-looking query values.
    hooks: {
      logMethod(this: Logger, args: unknown[], method: (...rest: unknown[]) => void) {
        method.apply(
          this,
          args.map((arg) => scrub(arg, 0)),
        );
      },
      // JSON escapes C0 controls but leaves DEL, C1 (U+009B is CSI) and bidi overrides raw: a texter's body in a
      // log line must not act on the operator's terminal or reorder the line (docs/security.md).
      streamWrite: inertJsonText,
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that keeps its lines in memory, for tests and for `bot run --json`-less tooling. */
export function createMemoryLogger(level: LogLevel = "debug"): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination: DestinationStream = {
    write(chunk: string) {
      for (const line of chunk.split("\n")) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  };
  return { logger: createLogger({ level, destination }), lines: () => lines };
}

/** Strings, errors and plain objects (a few levels deep) with every embedded URL redacted. */
function scrub(value: unknown, depth: number): unknown {
  if (typeof value === "string") return value.includes("://") || value.includes("?") ? redactUrlsIn(value) : value;
  if (value === null || typeof value !== "object" || depth > 4) return value;
  if (value instanceof Error) {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(value) as object) as Error, value);
    copy.message = scrub(value.message, depth + 1) as string;
    if (value.stack !== undefined) copy.stack = scrub(value.stack, depth + 1) as string;
    return copy;
  }
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = scrub(item, depth + 1);
  return out;
}
