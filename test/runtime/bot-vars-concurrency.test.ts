/**
 * @module Concurrent steps writing one bot variable lose no update, on SQLite and on PostgreSQL (two
 * store instances on one database, as two runtime processes): N users each append their number to one
 * `<bot>` variable at once, and the final value holds all N.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import type { BotIR } from "../../compiler/ir/types.ts";
import { createMemoryLogger } from "../../runtime/log/logger.ts";
import { createUserLock } from "../../runtime/outbox/index.ts";
import { createConversation } from "../../runtime/inbound/conversation.ts";
import { createSqliteStore } from "../../runtime/store/index.ts";
import type { Store } from "../../runtime/store/index.ts";
import { createPostgresStore } from "../../runtime/store/postgres/index.ts";
import { bot, seeded, testEnv, tpl } from "../engine/helpers.ts";
import { runQueued } from "./queued.ts";

const userNumber = (i: number) => `+1555100${String(i).padStart(4, "0")}`;
const sid = (run: number, i: number) => `SM${run.toString(16).padStart(8, "0")}${i.toString(16).padStart(24, "0")}`;

/** `join *`: a `$` call (so every step awaits while holding what it read), then `<bot members=<bot members> *,>`. */
const appendBot: BotIR = bot({
  vars: { members: "" },
  topics: {
    default: [
      {
        text: "join *",
        http: [{ method: "GET", name: null, url: tpl("https://api.test/slow"), options: null }],
        replies: [
          tpl({ type: "botSet", name: "members", value: tpl({ type: "bot", name: "members" }, { type: "star", index: 1, source: "user" }, ",") }, "welcome"),
        ],
      },
    ],
  },
});

/** Joins `users` concurrently, spread over the given stores (one conversation each, like one process each). */
async function joinAll(stores: Store[], users: number, run: number, seed: number): Promise<string[]> {
  const random = seeded(seed);
  const conversations = stores.map((store) => {
    const env = testEnv();
    // Each call answers after a random few milliseconds, so the steps' reads and commits interleave.
    env.fetcher = () => new Promise((resolve) => setTimeout(() => resolve({ status: 200, text: "{}" }), Math.floor(random() * 8)));
    return createConversation({
      ir: appendBot,
      store,
      lock: createUserLock(),
      clock: env.clock,
      logger: createMemoryLogger("warn").logger,
      env,
      help: "twilio",
    });
  });
  const outcomes = await Promise.all(
    Array.from({ length: users }, (_, i) =>
      runQueued(stores[i % stores.length]!, conversations[i % conversations.length]!, {
        sid: sid(run, i),
        from: userNumber(i),
        body: `join u${i}`,
        media: [],
        mediaTypes: [],
      }),
    ),
  );
  expect(outcomes).toEqual(Array(users).fill("answered"));
  const members = (await stores[0]!.getBotState())!.vars["members"] ?? "";
  return members.split(",").filter((m) => m !== "");
}

const expected = (users: number) => Array.from({ length: users }, (_, i) => `u${i}`).sort();

describe("bot variables under concurrent steps: SQLite", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });
  const fileStore = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-vars-"));
    dirs.push(dir);
    return createSqliteStore(path.join(dir, "bot.db"));
  };

  it("keeps all 50 appends of 50 users texting at once", async () => {
    const store = fileStore();
    try {
      expect((await joinAll([store], 50, 1, 7)).sort()).toEqual(expected(50));
      expect(await store.listOutbox()).toHaveLength(50);
    } finally {
      await store.close();
    }
  });

  it("keeps every append for any number of users and any interleaving (property)", async () => {
    let run = 100;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 30 }), fc.integer(), async (users, seed) => {
        const store = fileStore();
        try {
          expect((await joinAll([store], users, run++, seed)).sort()).toEqual(expected(users));
        } finally {
          await store.close();
        }
      }),
      { numRuns: 8 },
    );
  });
});

const url = process.env["TEST_DATABASE_URL"]?.trim() || null;
if (url === null) {
  console.warn("bot-vars-concurrency.test.ts: PostgreSQL part SKIPPED because TEST_DATABASE_URL is not set");
  describe.skip("bot variables under concurrent steps: PostgreSQL (SKIPPED: TEST_DATABASE_URL is not set)", () => {
    it("keeps all appends", () => undefined);
  });
} else {
  describe("bot variables under concurrent steps: PostgreSQL", () => {
    const schema = `botvars_${process.pid}_${randomBytes(3).toString("hex")}`;
    afterAll(async () => {
      const admin = new pg.Pool({ connectionString: url, max: 1 });
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    });

    it("keeps all 50 appends of 50 users texting at once through two store instances (two processes' worth)", async () => {
      const a = await createPostgresStore(url, { schema, max: 6 });
      const b = await createPostgresStore(url, { schema, max: 6 });
      try {
        expect((await joinAll([a, b], 50, 1, 11)).sort()).toEqual(expected(50));
        expect(await a.listOutbox()).toHaveLength(50);
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
}
