/**
 * @module The embedding API (`import … from "dexter-bot/runtime"`): the Express app and HTTP server that run a
 * compiled bot against Twilio, the stores (SQLite, PostgreSQL), the runtime configuration, the Twilio client
 * and the local Twilio emulator. `bot run` is built from exactly these parts; docs/api-library.md shows how.
 */

// Configuration: environment variables and flags → RuntimeConfig, every problem at once.
export { loadConfig as loadRuntimeConfig, defaultConfig as defaultRuntimeConfig } from "../runtime/config.ts";
export type { RuntimeConfig, TwilioSettings, CliOptions, Ordering, HelpMode, ConfigResult as RuntimeConfigResult } from "../runtime/config.ts";
export { createLogger, LOG_LEVELS, type Logger, type LogLevel, type LoggerOptions } from "../runtime/log/logger.ts";

// The server: the webhook app, and the listener with its outbox dispatcher.
export { createApp, startServer, createConversation, type AppOptions, type RunningServer, type StartServerOptions } from "../runtime/server/index.ts";
export { createUserLock, type UserLock, type Dispatcher, type DispatcherSettings } from "../runtime/outbox/index.ts";

// Stores: the embedded SQLite file (default) or PostgreSQL shared by several processes.
export { createSqliteStore, StoreError, type Store, type UserRecord, type OutboxRow, type MessageLogEntry } from "../runtime/store/index.ts";
export { createPostgresStore, type PostgresStore, type PostgresStoreOptions } from "../runtime/store/postgres/index.ts";

// Twilio: the official client (optionally pointed at another base URL), and the local emulator the sandbox uses.
export { createTwilioClient, type TwilioClient, type TwilioClientOptions } from "../runtime/twilio/client.ts";
export { startEmulator, type Emulator, type EmulatorOptions } from "../sandbox/emulator/index.ts";
export { createSimulatorRouter, type SimulatorOptions } from "../sandbox/simulator/index.ts";
