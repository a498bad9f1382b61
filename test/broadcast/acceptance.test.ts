/**
 * @module Acceptance: 1,000 users (50 opted out) at 100 msg/s from a real `bot broadcast` process, killed with
 * SIGKILL mid-way and resumed: 950 messages, one each, never above the pace. On SQLite and, with
 * TEST_DATABASE_URL, on PostgreSQL (where the resume takes the lease because the killed runner's liveness is gone).
 */
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../sandbox/emulator/index.ts";
import type { Emulator } from "../../sandbox/emulator/index.ts";
import { createSqliteStore } from "../../runtime/store/index.ts";
import type { Store } from "../../runtime/store/index.ts";
import { openStoreFromUrl } from "../../runtime/store/postgres/from-env.ts";
import { createSqliteBroadcastStore } from "../../runtime/store/sqlite/broadcasts.ts";
import type { BroadcastStore } from "../../runtime/store/broadcasts/types.ts";
import { dropSchema, freshSchemaUrl } from "../support/postgres.ts";
import { STORE_KINDS } from "../dashboard/server.ts";
import { phoneOf, seedStore } from "./fixtures/seed.ts";
import { botFolder, maxPerWindow, perSecond, runCli, startCli, twilioEnv, waitFor } from "./helpers.ts";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 100, delivery: { latencyMs: 5 } });
});
afterAll(async () => {
  await emulator.close();
});

const outbound = () => emulator.messages().filter((m) => m.direction === "outbound-api");

describe.each(STORE_KINDS)("broadcast to 1,000 users at 100 msg/s, killed and resumed, on %s", (kind) => {
  it("sends 950 messages, one per subscribed user, none to opted-out numbers, never more than 100 in a second", async () => {
    emulator.reset();
    const { root, db } = botFolder("sender:\n  type: short-code\nbroadcast:\n  rate: 100\n");
    const pg = kind === "postgres" ? freshSchemaUrl("bc_accept") : null;
    const open = async (): Promise<{ store: Store; broadcasts: BroadcastStore }> => {
      if (!pg) return { store: createSqliteStore(db), broadcasts: createSqliteBroadcastStore(db) };
      const store = await openStoreFromUrl(pg.url);
      return { store, broadcasts: store.broadcastStore() };
    };
    try {
      const seeding = await open();
      const ids = await seedStore(seeding.store, { count: 1000, optedOut: 50 });
      await seeding.broadcasts.close();
      await seeding.store.close();
      const env = { ...twilioEnv(emulator, "12345"), ...(pg && { DATABASE_URL: pg.url }) };
      const body = "Hi <get name>, our spring sale starts today! Reply STOP to opt out";

      const first = startCli(["broadcast", root, "--body", body, "--yes", "--settle", "0"], env);
      await waitFor(() => outbound().length >= 400, 90_000, "400 messages before the kill");
      first.child.kill("SIGKILL");
      const [, signal] = (await once(first.child, "exit")) as [number | null, NodeJS.Signals | null];
      expect(signal).toBe("SIGKILL");
      const atKill = outbound().length;
      expect(atKill).toBeLessThan(950);

      const check = await open();
      expect((await check.broadcasts.list()).map((b) => ({ id: b.id, state: b.state }))).toEqual([{ id: 1, state: "running" }]);
      await check.broadcasts.close();
      await check.store.close();

      // At once: the dead runner's lease is free (its pid is gone; on PostgreSQL its liveness lock is).
      const resumed = await runCli(["broadcast", root, "--resume", "1", "--yes", "--settle", "5"], env);
      expect(resumed.stderr).not.toMatch(/Error|error:/);
      expect(resumed.code).toBe(0);
      expect(resumed.stdout).toMatch(/broadcast 1: done/);
      expect(resumed.stdout).toMatch(/sent\s+950 accepted by Twilio/);

      const sent = outbound();
      const perUser = new Map<string, number>();
      for (const m of sent) perUser.set(m.to, (perUser.get(m.to) ?? 0) + 1);
      const optedOut = new Set(ids.slice(0, 50));
      expect(sent).toHaveLength(950);
      expect([...perUser.keys()].filter((to) => optedOut.has(to))).toEqual([]);
      expect(ids.slice(50).filter((id) => perUser.get(id) !== 1)).toEqual([]);
      expect(sent.find((m) => m.to === phoneOf(999))?.body).toBe("Hi User999, our spring sale starts today! Reply STOP to opt out");

      const times = sent.map((m) => m.dateCreated);
      const max = maxPerWindow(times);
      console.log(`pacing (${kind}): ${atKill} sent before SIGKILL; max ${max} in any 1-s window; per second: ${perSecond(times).join(" ")}`);
      expect(max).toBeLessThanOrEqual(100);
    } finally {
      if (pg) await dropSchema(pg.schema);
    }
  }, 240_000);
});
