/**
 * @module The VersionStore contract: publishing (a new number made live in one transaction, an unchanged IR
 * refused), listing, rollback and its bad input, the live history, and the version on every logged message
 * (inbound from the step, outbound from its outbox row). Run unchanged on SQLite and on PostgreSQL.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { NewLogEntry, Store } from "../../runtime/store/index.ts";
import type { NewVersion, VersionStore } from "../../runtime/store/versions/types.ts";

export interface VersionHarness {
  store: Store;
  versions: VersionStore;
  /** Another process's VersionStore on the same database. */
  peer(): Promise<VersionStore>;
  close(): Promise<void>;
}

const T0 = 1_700_000_000_000;

export function newVersion(tag: string, extra: Partial<NewVersion> = {}): NewVersion {
  return {
    ir: JSON.stringify({ irVersion: 2, tag }),
    irVersion: 2,
    compiler: "dexter-bot 0.0.0-test",
    sourceHash: `src-${tag}`,
    irHash: `ir-${tag}`,
    triggers: { [`default\thello ${tag}`]: "r1", "default\tbye": "r2" },
    by: "test",
    message: `version ${tag}`,
    ...extra,
  };
}

function inbound(sid: string, version: number | null): NewLogEntry {
  return {
    direction: "in",
    sid,
    userId: "+15550000001",
    body: "hello",
    media: [],
    status: "received",
    errorCode: null,
    segments: null,
    encoding: null,
    priceEstimate: null,
    outboxId: null,
    createdAt: T0,
    version,
  };
}

export function runVersionStoreContract(name: string, open: () => Promise<VersionHarness>): void {
  describe(`${name}: versions`, () => {
    let h: VersionHarness;
    beforeEach(async () => {
      h = await open();
    });
    afterEach(async () => {
      await h.close();
    });

    it("has no live version until the first publish, which is number 1 and live", async () => {
      expect(await h.versions.live()).toBeNull();
      expect(await h.versions.list()).toEqual([]);
      const first = await h.versions.publish(newVersion("a"), T0);
      expect(first).toMatchObject({ type: "published", previous: null, version: { number: 1, live: true, triggerCount: 2, message: "version a" } });
      expect(await h.versions.live()).toEqual({ number: 1, changedAt: T0, changedBy: "test" });
      const stored = await h.versions.get(1);
      expect(stored?.ir).toBe(JSON.stringify({ irVersion: 2, tag: "a" }));
      expect(stored).toMatchObject({
        irVersion: 2,
        compiler: "dexter-bot 0.0.0-test",
        sourceHash: "src-a",
        irHash: "ir-a",
        publishedAt: T0,
        publishedBy: "test",
      });
      expect(stored?.triggers).toEqual({ "default\thello a": "r1", "default\tbye": "r2" });
    });

    it("refuses to publish the live IR again and numbers a changed one next, marking only it live", async () => {
      await h.versions.publish(newVersion("a"), T0);
      const again = await h.versions.publish(newVersion("a", { message: "again" }), T0 + 1);
      expect(again).toMatchObject({ type: "unchanged", version: { number: 1 } });
      const second = await h.versions.publish(newVersion("b"), T0 + 2);
      expect(second).toMatchObject({ type: "published", version: { number: 2, live: true }, previous: { number: 1, live: false } });
      const list = await h.versions.list();
      expect(list.map((v) => [v.number, v.live])).toEqual([
        [2, true],
        [1, false],
      ]);
      // An older version's IR published again is a new number (publish is explicit; only the live one is "unchanged").
      const third = await h.versions.publish(newVersion("a"), T0 + 3);
      expect(third).toMatchObject({ type: "published", version: { number: 3 } });
      expect((await h.versions.findByHash("ir-a"))?.number).toBe(3);
      expect(await h.versions.findByHash("ir-zzz")).toBeNull();
    });

    it("rolls back to a stored version, refuses an unknown one with the list, and keeps the history", async () => {
      await h.versions.publish(newVersion("a"), T0);
      await h.versions.publish(newVersion("b"), T0 + 1);
      const back = await h.versions.setLive(1, T0 + 2, "ops", "rollback");
      expect(back).toMatchObject({ type: "live", version: { number: 1, live: true }, previous: { number: 2 } });
      expect(await h.versions.live()).toEqual({ number: 1, changedAt: T0 + 2, changedBy: "ops" });
      expect(await h.versions.setLive(1, T0 + 3, "ops", "rollback")).toMatchObject({ type: "already", version: { number: 1 } });
      const unknown = await h.versions.setLive(7, T0 + 3, "ops", "rollback");
      expect(unknown.type).toBe("unknown");
      if (unknown.type === "unknown") expect(unknown.versions.map((v) => v.number)).toEqual([2, 1]);
      expect((await h.versions.live())?.number).toBe(1);
      expect((await h.versions.history()).map((c) => [c.number, c.action, c.by])).toEqual([
        [1, "rollback", "ops"],
        [2, "publish", "test"],
        [1, "publish", "test"],
      ]);
    });

    it("gives concurrent publishes from two processes distinct numbers, the last one live", async () => {
      const peer = await h.peer();
      try {
        const results = await Promise.all([
          h.versions.publish(newVersion("x"), T0),
          peer.publish(newVersion("y"), T0),
          h.versions.publish(newVersion("z"), T0),
        ]);
        const numbers = results.map((r) => r.version.number).sort();
        expect(numbers).toEqual([1, 2, 3]);
        const list = await peer.list();
        expect(list.filter((v) => v.live).map((v) => v.number)).toEqual([3]);
      } finally {
        await peer.close();
      }
    });

    it("records the version on every logged message: inbound from the step, outbound from its outbox row", async () => {
      await h.store.apply({
        at: T0,
        seen: { userId: "+15550000001" },
        log: [inbound("SMin1", 4), inbound("SMin0", null)],
        outbox: [{ userId: "+15550000001", kind: "reply", body: "hi", media: [], dueAt: T0, seq: 0, cancelable: false, version: 4 }],
      });
      const { rows } = await h.store.claimDue({ now: T0, ordering: "relaxed", strictWaitMs: 0, limit: 10 });
      expect(rows).toHaveLength(1);
      const row = rows[0]!;
      await h.store.markSent(row.id, {
        at: T0 + 1,
        sid: "SMout1",
        status: "queued",
        log: { ...inbound("SMout1", null), direction: "out", body: "hi", status: "queued", outboxId: row.id, version: undefined },
      });
      const messages = await h.store.listMessages();
      expect(messages.map((m) => [m.sid, m.version])).toEqual([
        ["SMin1", 4],
        ["SMin0", null],
        ["SMout1", 4],
      ]);
    });
  });
}
