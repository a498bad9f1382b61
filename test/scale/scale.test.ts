/**
 * @module Scale and fault tests: 3 real `bot run` processes on one PostgreSQL database (a throwaway
 * cluster of this test's own, so restarting it disturbs nobody), the emulator as Twilio, a few hundred
 * users with delayed parts, reminders and STOP. (a) kill -9 of one process mid-load, its failed webhooks
 * retried at another as Twilio does; (b) a PostgreSQL restart mid-load; (c) a slow `$` API for some
 * users. Each counts from the emulator's record: every message answered exactly once, in order, nothing
 * after STOP, every process alive. SCALE_USERS sizes it (default fits CI: a couple of minutes on 2 cores).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresBin, startCluster } from "./cluster.ts";
import type { Cluster } from "./cluster.ts";
import { account, drive, killHard, recoveryMs, scripts, settle, startRig } from "./load.ts";
import type { ScaleRig } from "./load.ts";

const USERS = Number(process.env["SCALE_USERS"] ?? 60);
const bin = postgresBin();
const report: Record<string, unknown>[] = [];

if (bin === null) {
  console.warn("test/scale: SKIPPED because no PostgreSQL server binaries were found (initdb); install postgresql or set PG_BIN");
  describe.skip("scale and fault tests: SKIPPED (no initdb; install postgresql or set PG_BIN)", () => {
    it("runs 3 processes on a throwaway cluster", () => undefined);
  });
} else {
  describe("3 bot run processes on one PostgreSQL database, under faults", () => {
    let cluster: Cluster;
    let rig: ScaleRig | null = null;
    let n = 0;
    const fresh = async (env: Record<string, string> = {}, slowDelayMs?: number) => {
      const database = `scale_${++n}`;
      await cluster.createDatabase(database);
      rig = await startRig({ databaseUrl: cluster.url(database), processes: 3, env, ...(slowDelayMs !== undefined && { slowDelayMs }) });
      return rig;
    };
    const finish = async () => {
      await rig?.close();
      rig = null;
    };

    beforeAll(async () => {
      cluster = await startCluster(bin);
    }, 120_000);
    afterAll(async () => {
      await finish();
      await cluster?.destroy();
      if (report.length > 0) console.log(`scale report (users=${USERS}):\n${report.map((r) => JSON.stringify(r)).join("\n")}`);
    }, 60_000);

    it("(a) kill -9 of one process mid-load: every message answered once, in order, by the survivors", async () => {
      const r = await fresh();
      const users = scripts(USERS);
      let faultAt = 0;
      const load = await drive(r, users, {
        fault: {
          at: 0.4,
          run: () => {
            faultAt = Date.now();
            killHard(r.processes[0]!);
          },
        },
      });
      await settle(r, users);
      const final = account(r, users);
      report.push({
        scenario: "a kill -9",
        messages: load.inbound,
        retried: load.failedAttempts,
        ...summary(final),
        recoveryMs: recoveryMs(r, users, load, faultAt),
        // User i texts process i mod 3 first: the killed one's users against the others', under the same load.
        recoveryKilledUsersMs: recoveryMs(
          r,
          users.filter((_, i) => i % 3 === 0),
          load,
          faultAt,
        ),
        recoveryOtherUsersMs: recoveryMs(
          r,
          users.filter((_, i) => i % 3 !== 0),
          load,
          faultAt,
        ),
      });
      expect(load.undelivered).toBe(0);
      expect(final.problems).toEqual([]);
      expect(final).toMatchObject({ lost: 0, duplicated: 0, orderingViolations: 0, afterStop: 0, unexpected: 0 });
      expect(r.processes.map((p) => p.alive())).toEqual([false, true, true]);
      await finish();
    }, 240_000);

    it("(b) a PostgreSQL restart mid-load: webhooks get 503 while it is down, nothing accepted is lost, no process dies", async () => {
      const r = await fresh();
      const users = scripts(USERS, { offset: 100_000 });
      let faultAt = 0;
      const load = await drive(r, users, {
        fault: {
          at: 0.4,
          run: async () => {
            faultAt = Date.now();
            await cluster.restart();
          },
        },
      });
      await settle(r, users);
      const final = account(r, users);
      report.push({
        scenario: "b postgres restart",
        messages: load.inbound,
        retried: load.failedAttempts,
        ...summary(final),
        recoveryMs: recoveryMs(r, users, load, faultAt),
      });
      expect(load.undelivered).toBe(0);
      expect(final.problems).toEqual([]);
      expect(final).toMatchObject({ lost: 0, duplicated: 0, orderingViolations: 0, afterStop: 0, unexpected: 0 });
      expect(r.processes.map((p) => p.alive())).toEqual([true, true, true]);
      for (const p of r.processes) expect((await fetch(`${p.url}/healthz`)).status).toBe(200);
      await finish();
    }, 240_000);

    it("(c) a slow $ API for 30 users: everyone else is answered, no webhook fails, on a pool of 4 connections", async () => {
      // A small pool shows the step holds no connection while its $ call waits.
      const r = await fresh({ BOT_PG_POOL: "4" }, 3000);
      const users = scripts(USERS, { offset: 200_000, slow: 30, messages: 3 });
      const load = await drive(r, users);
      await settle(r, users);
      const final = account(r, users);
      report.push({ scenario: "c slow $ API", messages: load.inbound, retried: load.failedAttempts, ...summary(final) });
      expect(load.failedAttempts).toBe(0);
      expect(final.problems).toEqual([]);
      expect(final).toMatchObject({ lost: 0, duplicated: 0, orderingViolations: 0, afterStop: 0, unexpected: 0 });
      expect(r.processes.map((p) => p.alive())).toEqual([true, true, true]);
      await finish();
    }, 240_000);
  });
}

function summary(acc: ReturnType<typeof account>) {
  return {
    expected: acc.expected,
    received: acc.received,
    lost: acc.lost,
    duplicated: acc.duplicated,
    orderingViolations: acc.orderingViolations,
    afterStop: acc.afterStop,
  };
}
