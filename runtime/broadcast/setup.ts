/**
 * @module What `bot broadcast` and `bot logs` open: the bot, bot.config.yaml, the runtime configuration
 * (same env as `bot run`), and the database `bot run` would use: PostgreSQL when DATABASE_URL is set (never
 * a SQLite file then), else the SQLite file; one connection (or pool) for both stores.
 */
import pino from "pino";
import type { Logger } from "pino";
import type { BotIR } from "../../compiler/ir/types.ts";
import { loadConfig as loadBotConfig } from "../bot-config.ts";
import type { BotConfig } from "../../compiler/lint/index.ts";
import { loadConfig } from "../config.ts";
import type { RuntimeConfig } from "../config.ts";
import { createLogger, LOG_LEVELS } from "../log/logger.ts";
import type { LogLevel } from "../log/logger.ts";
import { redactUrlsIn } from "../log/redact-url.ts";
import { engineEnv } from "../adapters/engine-env.ts";
import { openDatabase, storeOn, StoreError } from "../store/index.ts";
import type { Store } from "../store/index.ts";
import { broadcastStoreOn } from "../store/sqlite/broadcasts.ts";
import { openExistingSqlite } from "../store/existing/sqlite.ts";
import { detectSender } from "./sender.ts";
import { createBroadcastService } from "./service.ts";
import type { BroadcastService } from "./service.ts";
import { parseBroadcastSettings } from "./settings.ts";
import type { BroadcastSettings } from "./settings.ts";
import type { BroadcastStore } from "../store/broadcasts/types.ts";

/** The bot as `bin/load-bot.ts` loaded it (compile errors already refused). */
export interface LoadedBotLike {
  ir: BotIR;
  root: string;
}

export interface CliContext {
  loaded: LoadedBotLike;
  botConfig: BotConfig;
  settings: BroadcastSettings;
  config: RuntimeConfig;
  /** BOT_PUBLIC_URL when set (status callbacks then go to `bot run`); the broadcast CLI works without it. */
  publicUrl: string | null;
  store: Store;
  broadcasts: BroadcastStore;
  /** Where the data is, for messages: the SQLite file, or the PostgreSQL URL with the password hidden. */
  database: string;
  service: BroadcastService;
  logger: Logger;
  close(): Promise<void>;
}

export type SetupResult = { ok: true; ctx: CliContext } | { ok: false; exitCode: 1 | 2; lines: string[] };

const PUBLIC_URL_REQUIRED = "BOT_PUBLIC_URL (or --public-url) is required";

/**
 * `flags.readOnly`: open the database only if it exists at this version, creating and migrating nothing
 * (`runtime/store/existing/`), for the commands that only read.
 */
export async function openCliContext(
  loaded: LoadedBotLike,
  flags: { db?: string; logLevel?: string; readOnly?: boolean },
  env: NodeJS.ProcessEnv,
): Promise<SetupResult> {
  const bot = loadBotConfig(loaded.root);
  const { settings, errors: settingErrors } = parseBroadcastSettings(bot.config.broadcast);
  const configErrors = [...bot.diagnostics.map((d) => `${d.span.file}:${d.span.start.line}:${d.span.start.column}: ${d.message}`), ...settingErrors];
  if (configErrors.length > 0) return { ok: false, exitCode: 2, lines: configErrors };

  // The CLI needs no public URL (it receives no webhooks); the rest of the configuration is exactly bot run's.
  const publicUrl = env["BOT_PUBLIC_URL"]?.trim() || null;
  const result = loadConfig({ ...env, BOT_PUBLIC_URL: publicUrl ?? "http://127.0.0.1" }, { ...(flags.db !== undefined && { db: flags.db }) }, loaded.root);
  if (!result.ok) return { ok: false, exitCode: 2, lines: result.errors.filter((e) => !e.startsWith(PUBLIC_URL_REQUIRED)) };
  const config = { ...result.config, publicUrl };
  const level = (flags.logLevel ?? env["BOT_LOG_LEVEL"] ?? "warn") as LogLevel;
  if (!(LOG_LEVELS as readonly string[]).includes(level))
    return { ok: false, exitCode: 2, lines: [`--log-level must be one of ${LOG_LEVELS.join(", ")}, got "${level}"`] };
  // Log lines go to stderr so the report on stdout stays readable (and parseable with --json).
  const logger = createLogger({ level, destination: pino.destination(2) });

  const opened = await openStores(config, logger, flags.readOnly === true);
  if (!opened.ok) return { ok: false, exitCode: 1, lines: [opened.message] };
  const { store, broadcasts, database } = opened;
  const clock = { now: () => Date.now() };
  const sender = detectSender({
    configured: bot.config.sender?.type ?? null,
    from: config.twilio?.from ?? env["TWILIO_FROM"]?.trim() ?? null,
    messagingServiceSid: config.twilio?.messagingServiceSid ?? env["TWILIO_MESSAGING_SERVICE_SID"]?.trim() ?? null,
  });
  const service = createBroadcastService({
    ir: loaded.ir,
    botConfig: bot.config,
    settings,
    sender,
    store,
    broadcasts,
    clock,
    env: engineEnv({ ir: loaded.ir, clock, logger }),
  });
  return {
    ok: true,
    ctx: { loaded, botConfig: bot.config, settings, config, publicUrl, store, broadcasts, database, service, logger, close: () => opened.close() },
  };
}

type Opened = { ok: true; store: Store; broadcasts: BroadcastStore; database: string; close(): Promise<void> } | { ok: false; message: string };

/** The stores `bot run` would use with this configuration, opened the same way (PostgreSQL retried while it starts). */
async function openStores(config: RuntimeConfig, logger: Logger, readOnly: boolean): Promise<Opened> {
  try {
    if (config.databaseUrl) {
      // Loaded only when asked for, as in bot run.
      const postgres = await import("../store/postgres/from-env.ts");
      const settings = config.postgres;
      const store = await postgres.openStoreWithRetry(
        config.databaseUrl,
        {
          max: Math.min(settings.pool, 4),
          statementTimeoutMs: settings.statementTimeoutMs,
          connectionTimeoutMs: settings.connectTimeoutMs,
          ...(readOnly && { existingOnly: true }),
        },
        {
          timeoutMs: settings.startTimeoutMs,
          onRetry: (error, waitMs) =>
            logger.warn({ event: "postgres.start-retry" }, `${redactUrlsIn(error.message)} Retrying in ${(waitMs / 1000).toFixed(1)} s.`),
        },
      );
      return { ok: true, store, broadcasts: store.broadcastStore(), database: postgres.redactUrl(config.databaseUrl), close: () => store.close() };
    }
    const db = readOnly ? openExistingSqlite(config.dbPath) : openDatabase(config.dbPath, { synchronous: config.dbSync });
    return { ok: true, store: storeOn(db), broadcasts: broadcastStoreOn(db), database: config.dbPath, close: async () => void db.close() };
  } catch (error) {
    if (error instanceof StoreError) return { ok: false, message: redactUrlsIn(error.message) };
    throw error;
  }
}
