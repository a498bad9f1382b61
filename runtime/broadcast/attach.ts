/** @module The one call `bot run` makes: opens the broadcast store beside the runtime's (the same database, SQLite or PostgreSQL), starts the broadcast worker, and returns the service the web console (mounted by the server, runtime/server/) drives. */
import type { Logger } from "pino";
import type { BotIR } from "../../compiler/ir/types.ts";
import { loadConfig as loadBotConfig } from "../bot-config.ts";
import type { RuntimeConfig } from "../config.ts";
import type { Clock } from "../../engine/index.ts";
import { engineEnv } from "../adapters/engine-env.ts";
import type { Store } from "../store/index.ts";
import type { PostgresStore } from "../store/postgres/index.ts";
import { createSqliteBroadcastStore } from "../store/sqlite/broadcasts.ts";
import { detectSender } from "./sender.ts";
import { createBroadcastService } from "./service.ts";
import type { BroadcastService, BroadcastServiceOptions } from "./service.ts";
import { parseBroadcastSettings } from "./settings.ts";
import { createBroadcastWorker } from "./worker.ts";
import type { BroadcastWorker } from "./worker.ts";

export interface AttachOptions {
  ir: BotIR;
  /** The bot folder (bot.config.yaml lives there). */
  root: string;
  config: RuntimeConfig;
  store: Store;
  logger: Logger;
  clock?: Clock;
  /** The swappable bot `bot run` follows: broadcasts are planned on the version live now (docs/versions.md). */
  bot?: BroadcastServiceOptions["bot"];
}

export interface Broadcasting {
  /** Null when broadcasts are off (`--db :memory:`): the API and the dashboard are then off too. */
  service: BroadcastService | null;
  worker: BroadcastWorker | null;
  /** Hand it the dispatcher's `kick` so released rows go out without waiting for the next poll. */
  setKick(kick: () => void): void;
  close(): Promise<void>;
}

export function attachBroadcasting(options: AttachOptions): Broadcasting {
  const { config, logger, store, ir } = options;
  const clock = options.clock ?? { now: () => Date.now() };
  const disabled: Broadcasting = { service: null, worker: null, setKick: () => undefined, close: async () => undefined };
  const postgres = store.kind === "postgres" ? (store as PostgresStore) : null;
  if (!postgres && config.dbPath === ":memory:") {
    logger.warn({ event: "broadcast.disabled" }, "broadcasts, the API and the dashboard need a database file; with --db :memory: they are off");
    return disabled;
  }
  const botConfig = loadBotConfig(options.root);
  const { settings, errors } = parseBroadcastSettings(botConfig.config.broadcast);
  for (const error of [...errors, ...botConfig.diagnostics.map((d) => d.message)])
    logger.warn({ event: "broadcast.config" }, `${error}; broadcast defaults are used`);
  // On PostgreSQL the runtime's own pool, its leases naming this process's liveness; on SQLite a second
  // connection to the file.
  const broadcasts = postgres ? postgres.broadcastStore() : createSqliteBroadcastStore(config.dbPath, { synchronous: config.dbSync });
  const sender = detectSender({
    configured: botConfig.config.sender?.type ?? null,
    from: config.twilio?.from ?? null,
    messagingServiceSid: config.twilio?.messagingServiceSid ?? null,
  });
  const service = createBroadcastService({
    ir,
    botConfig: botConfig.config,
    settings,
    sender,
    store,
    broadcasts,
    clock,
    env: engineEnv({ ir, clock, logger }),
    ...(options.bot && { bot: options.bot }),
  });
  const worker = createBroadcastWorker({ broadcasts, clock, logger });
  worker.start();
  return {
    service,
    worker,
    setKick: (kick) => void (worker.onReleased = kick),
    async close() {
      await worker.stop();
      await broadcasts.close();
    },
  };
}
