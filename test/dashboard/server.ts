/** @module A runtime server with broadcasting attached exactly as `bot run` does (attachBroadcasting → startServer's web console), on a seeded SQLite file or PostgreSQL schema, and the emulator. */
import fs from "node:fs";
import path from "node:path";
import { compile } from "../../compiler/index.ts";
import { attachBroadcasting } from "../../runtime/broadcast/index.ts";
import type { Broadcasting } from "../../runtime/broadcast/index.ts";
import { defaultConfig } from "../../runtime/config.ts";
import { startEmulator } from "../../sandbox/emulator/index.ts";
import type { Emulator } from "../../sandbox/emulator/index.ts";
import { createMemoryLogger } from "../../runtime/log/logger.ts";
import { startServer } from "../../runtime/server/index.ts";
import type { RunningServer } from "../../runtime/server/index.ts";
import { createSqliteStore } from "../../runtime/store/index.ts";
import type { Store } from "../../runtime/store/index.ts";
import { openStoreFromUrl } from "../../runtime/store/postgres/from-env.ts";
import { dropSchema, freshSchemaUrl, testDatabaseUrl } from "../support/postgres.ts";
import { createTwilioClient } from "../../runtime/twilio/index.ts";
import { botFolder } from "../broadcast/helpers.ts";
import { seedStore } from "../broadcast/fixtures/seed.ts";

export type StoreKind = "sqlite" | "postgres";
/** The stores the dashboard and API tests run on: PostgreSQL too when TEST_DATABASE_URL is set. */
export const STORE_KINDS: StoreKind[] = testDatabaseUrl === null ? ["sqlite"] : ["sqlite", "postgres"];

export const TOKEN = "s3cret-dashboard-token-for-tests";

export interface BroadcastServer {
  emulator: Emulator;
  server: RunningServer;
  store: Store;
  broadcasting: Broadcasting;
  ids: string[];
  close(): Promise<void>;
}

export async function startBroadcastServer(options: { users: number; optedOut: number; token: string | null; store?: StoreKind }): Promise<BroadcastServer> {
  const { root, db } = botFolder("sender:\n  type: short-code\nbroadcast:\n  rate: 50\n");
  const pg = options.store === "postgres" ? freshSchemaUrl("dash") : null;
  const store = pg ? await openStoreFromUrl(pg.url) : createSqliteStore(db);
  const ids = await seedStore(store, { count: options.users, optedOut: options.optedOut });
  const emulator = await startEmulator({ seed: 300, delivery: { latencyMs: 2 } });
  const client = createTwilioClient({ accountSid: emulator.accountSid, authToken: emulator.authToken, baseUrl: emulator.url, timeoutMs: 2000 });
  const { logger } = createMemoryLogger("warn");
  const config = defaultConfig({
    mode: "sandbox",
    port: 0,
    host: "127.0.0.1",
    dbPath: db,
    databaseUrl: pg?.url ?? null,
    ordering: "relaxed",
    twilio: { accountSid: emulator.accountSid, authToken: emulator.authToken, from: "12345", messagingServiceSid: null, baseUrl: emulator.url },
  });
  const source = fs.readFileSync(path.join(root, "main.bot"), "utf8");
  const { ir } = compile([{ path: "main.bot", text: source }]);
  // The hook as bot run wires it: attach, hand the service to the server's console, hand over the dispatcher's kick, close before the store.
  const broadcasting = attachBroadcasting({ ir, root, config, store, logger });
  const server = await startServer({
    ir,
    root,
    store,
    twilio: client,
    config,
    logger,
    ...(broadcasting.service && { console: { service: broadcasting.service, token: options.token } }),
  });
  broadcasting.setKick(() => server.dispatcher.kick());
  emulator.configure({ webhookUrl: `${server.url}/sms` });
  return {
    emulator,
    server,
    store,
    broadcasting,
    ids,
    async close() {
      await server.close();
      await broadcasting.close();
      await store.close();
      await emulator.close();
      if (pg) await dropSchema(pg.schema);
    },
  };
}
