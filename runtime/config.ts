/** @module Runtime configuration from environment variables and `bot run` flags (flags win), validated into one object. */
import path from "node:path";
import { LOG_LEVELS } from "./log/logger.ts";
import type { LogLevel } from "./log/logger.ts";
import { defaultRuntimeSettings } from "./runtime-settings.ts";
import type { RuntimeSettings } from "./runtime-settings.ts";
import { databaseUrlProblem } from "./store/database-url.ts";

import type { HelpMode } from "../sms/keywords/index.ts";

export type Ordering = "strict" | "relaxed";
/** Who answers HELP/INFO: Twilio's own reply (default) or the bot's triggers. */
export type { HelpMode };

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  /** Exactly one of `from` and `messagingServiceSid` is used (`messagingServiceSid` wins when both are set). */
  from: string | null;
  messagingServiceSid: string | null;
  /** Where the REST API lives; Twilio's own when null. */
  baseUrl: string | null;
}

export interface RuntimeConfig {
  /** `twilio`: credentials were given. `sandbox`: the local emulator stands in for Twilio. */
  mode: "twilio" | "sandbox";
  /** Null in sandbox mode until the emulator has started. */
  twilio: TwilioSettings | null;
  /** The URL Twilio uses to reach this server (scheme, host, port, no trailing slash); signatures are checked against it. */
  publicUrl: string | null;
  port: number;
  host: string;
  dbPath: string;
  /** `DATABASE_URL`: a PostgreSQL store shared by several runtime processes instead of the SQLite file. */
  databaseUrl: string | null;
  /** PostgreSQL connection settings (used with `databaseUrl`); see docs/postgres.md for sizing. */
  postgres: PostgresSettings;
  /** `BOT_WORKERS`: users whose steps run at once in this process (their `$` calls wait without a connection). */
  workers: number;
  /**
   * `BOT_DB_SYNC`: `normal` (default) keeps every commit through a crash or `kill -9` of the process;
   * `full` also flushes each commit to the disk, so it survives an OS crash or power cut (slower).
   */
  dbSync: "normal" | "full";
  ordering: Ordering;
  /** Strict ordering waits at most this long for a status callback before sending the next message. */
  strictWaitMs: number;
  /** Strict mode: a status callback this late, while a next message waits, is replaced by asking Twilio (0: never ask). */
  statusCheckMs: number;
  logLevel: LogLevel;
  /** BOT_HELP, else `runtime.help` of bot.config.yaml (`bot run` applies it), else `twilio`. */
  help: HelpMode;
  /** Dispatcher poll interval. */
  pollMs: number;
  /** Send attempts before a message is marked failed. */
  maxAttempts: number;
  /** REST call limit; a call that outlives it is reconciled, never resent blindly. */
  sendTimeoutMs: number;
  /** Largest webhook body accepted (express/body-parser size string). */
  bodyLimit: string;
  /** Price estimate per outbound SMS segment and per MMS, in USD (US long code list prices). */
  pricePerSegment: number;
  pricePerMms: number;
  /** `runtime.http` of bot.config.yaml: the `$` allow-list and the reply's shared time budget. */
  http: RuntimeSettings["http"];
  /** `runtime.macros` of bot.config.yaml: limits of one JavaScript macro call. */
  macros: RuntimeSettings["macros"];
  /** `runtime.loopGuard` of bot.config.yaml: limits per user, or null when turned off. */
  loopGuard: RuntimeSettings["loopGuard"];
}

export interface PostgresSettings {
  /** `BOT_PG_POOL`: connections per process (default 10). */
  pool: number;
  /** `BOT_PG_STATEMENT_TIMEOUT_MS`: server-side limit per statement (default 30000; 0 = none). */
  statementTimeoutMs: number;
  /** `BOT_PG_CONNECT_TIMEOUT_MS`: how long one connection attempt may take (default 10000). */
  connectTimeoutMs: number;
  /** `BOT_PG_START_TIMEOUT_MS`: how long `bot run` retries an unreachable database at start before exiting 1 (default 60000). */
  startTimeoutMs: number;
}

/** Flags of `bot run`; each overrides its environment variable. */
export interface CliOptions {
  port?: string | number;
  publicUrl?: string;
  db?: string;
  logLevel?: string;
  ordering?: string;
  help?: string;
}

export type ConfigResult = { ok: true; config: RuntimeConfig } | { ok: false; errors: string[] };

/**
 * Builds the configuration. `root` is the bot's folder (the default database lives in `<root>/.bot/`).
 * Returns every problem at once, each naming the variable or flag to fix.
 */
export function loadConfig(env: NodeJS.ProcessEnv, cli: CliOptions, root: string): ConfigResult {
  const errors: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[name];
    return raw === undefined || raw.trim() === "" ? undefined : raw.trim();
  };

  const accountSid = value("TWILIO_ACCOUNT_SID");
  const authToken = value("TWILIO_AUTH_TOKEN");
  const from = value("TWILIO_FROM") ?? null;
  const messagingServiceSid = value("TWILIO_MESSAGING_SERVICE_SID") ?? null;
  const anyTwilio = accountSid || authToken || from || messagingServiceSid;
  let twilio: TwilioSettings | null = null;
  if (anyTwilio) {
    if (!accountSid) errors.push("TWILIO_ACCOUNT_SID is missing: set it to your account SID (AC…) or unset all TWILIO_* variables for sandbox mode.");
    if (!authToken) errors.push("TWILIO_AUTH_TOKEN is missing: set it to your account's auth token (Twilio Console → Account info).");
    if (!from && !messagingServiceSid) errors.push("No sender: set TWILIO_FROM (your Twilio number, E.164) or TWILIO_MESSAGING_SERVICE_SID (MG…).");
    if (accountSid && authToken && (from || messagingServiceSid)) {
      twilio = { accountSid, authToken, from, messagingServiceSid, baseUrl: trimSlash(value("TWILIO_API_BASE_URL")) ?? null };
    }
  }

  const publicUrlRaw = cli.publicUrl ?? value("BOT_PUBLIC_URL");
  let publicUrl: string | null = null;
  if (publicUrlRaw !== undefined) {
    try {
      const url = new URL(publicUrlRaw);
      if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("scheme");
      if (url.search || url.hash)
        errors.push(`--public-url/BOT_PUBLIC_URL "${publicUrlRaw}" must not have a query or fragment: give the base URL, e.g. https://bot.example.com.`);
      publicUrl = trimSlash(url.origin + url.pathname) ?? null;
    } catch {
      errors.push(`--public-url/BOT_PUBLIC_URL "${publicUrlRaw}" is not an http(s) URL: give the base URL Twilio reaches, e.g. https://bot.example.com.`);
    }
  }
  if (twilio && publicUrl === null && !errors.some((e) => e.includes("BOT_PUBLIC_URL"))) {
    errors.push(
      "BOT_PUBLIC_URL (or --public-url) is required with Twilio credentials: the public https URL that forwards to this server; webhook signatures are checked against it.",
    );
  }

  const port = integer(cli.port ?? value("PORT") ?? value("BOT_PORT") ?? "3000", "--port/PORT", 0, 65535, errors);
  const ordering = oneOf(cli.ordering ?? value("BOT_ORDERING") ?? "strict", ["strict", "relaxed"] as const, "--ordering/BOT_ORDERING", errors);
  const logLevel = oneOf(cli.logLevel ?? value("BOT_LOG_LEVEL") ?? "info", LOG_LEVELS, "--log-level/BOT_LOG_LEVEL", errors);
  const help = oneOf(cli.help ?? value("BOT_HELP") ?? "twilio", ["twilio", "bot"] as const, "BOT_HELP", errors);
  const dbPath = cli.db ?? value("BOT_DB") ?? path.join(root, ".bot", "bot.db");
  const dbSync = oneOf(value("BOT_DB_SYNC")?.toLowerCase() ?? "normal", ["normal", "full"] as const, "BOT_DB_SYNC", errors);

  const databaseUrl = value("DATABASE_URL") ?? null;
  const urlProblem = databaseUrl === null ? null : databaseUrlProblem(databaseUrl);
  if (urlProblem !== null) errors.push(`${urlProblem}.`);
  const postgres: PostgresSettings = {
    pool: integer(value("BOT_PG_POOL") ?? "10", "BOT_PG_POOL", 1, 1000, errors) ?? 10,
    statementTimeoutMs: integer(value("BOT_PG_STATEMENT_TIMEOUT_MS") ?? "30000", "BOT_PG_STATEMENT_TIMEOUT_MS", 0, 3_600_000, errors) ?? 30_000,
    connectTimeoutMs: integer(value("BOT_PG_CONNECT_TIMEOUT_MS") ?? "10000", "BOT_PG_CONNECT_TIMEOUT_MS", 100, 600_000, errors) ?? 10_000,
    startTimeoutMs: integer(value("BOT_PG_START_TIMEOUT_MS") ?? "60000", "BOT_PG_START_TIMEOUT_MS", 0, 3_600_000, errors) ?? 60_000,
  };
  const workers = integer(value("BOT_WORKERS") ?? "64", "BOT_WORKERS", 1, 10_000, errors) ?? 64;

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    config: {
      mode: twilio ? "twilio" : "sandbox",
      twilio,
      publicUrl,
      port: port ?? 3000,
      host: value("BOT_HOST") ?? (twilio ? "0.0.0.0" : "127.0.0.1"),
      dbPath: dbPath === ":memory:" ? dbPath : path.resolve(dbPath),
      databaseUrl,
      postgres,
      workers,
      dbSync: dbSync ?? "normal",
      ordering: ordering ?? "strict",
      strictWaitMs: integer(value("BOT_STRICT_WAIT_MS") ?? "10000", "BOT_STRICT_WAIT_MS", 0, 600_000, errors) ?? 10_000,
      statusCheckMs: integer(value("BOT_STATUS_CHECK_MS") ?? "2000", "BOT_STATUS_CHECK_MS", 0, 600_000, errors) ?? 2_000,
      logLevel: logLevel ?? "info",
      help: help ?? "twilio",
      pollMs: 250,
      maxAttempts: 8,
      sendTimeoutMs: 15_000,
      bodyLimit: "100kb",
      pricePerSegment: 0.0083,
      pricePerMms: 0.022,
      ...defaultRuntimeSettings(),
    },
  };
}

/** Defaults for tests and embedding: sandbox mode, in-memory database, strict ordering. */
export function defaultConfig(overrides: Partial<RuntimeConfig> = {}): RuntimeConfig {
  const result = loadConfig({}, { db: ":memory:" }, process.cwd());
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return { ...result.config, ...overrides };
}

function trimSlash(url: string | undefined): string | undefined {
  return url?.replace(/\/+$/, "");
}

function integer(raw: string | number, name: string, min: number, max: number, errors: string[]): number | undefined {
  const n = typeof raw === "number" ? raw : Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    errors.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}".`);
    return undefined;
  }
  return n;
}

function oneOf<T extends string>(raw: string, allowed: readonly T[], name: string, errors: string[]): T | undefined {
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  errors.push(`${name} must be one of ${allowed.join(", ")}, got "${raw}".`);
  return undefined;
}
