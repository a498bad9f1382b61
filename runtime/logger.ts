/** @module Structured logs for the runtime: one pino logger, JSON lines, every failure says what happened and what to do. */
import pino from "pino";
import type { DestinationStream, Logger } from "pino";

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
