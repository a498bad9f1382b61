/**
 * @module The personal-data store on SQLite and PostgreSQL (TEST_DATABASE_URL): the consent ledger written with
 * each opt-in/opt-out (source and sid), a user's export, erasure in one transaction (anonymised everywhere,
 * the ledger kept under a salted hash, a suppression record for an opted-out user), and its refusals.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSqliteStore } from "../../runtime/store/index.ts";
import type { Store } from "../../runtime/store/index.ts";
import { createPostgresStore } from "../../runtime/store/postgres/index.ts";
import { dropSchema, freshSchemaUrl, testDatabaseUrl } from "../support/postgres.ts";

const T0 = 1_700_000_000_000;
const ALICE = "+15550000001";
const BOB = "+15550000002";
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function sqlite(): Promise<Store> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-personal-"));
  const store = createSqliteStore(path.join(dir, "bot.db"));
  cleanups.push(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return store;
}

async function postgres(): Promise<Store> {
  const { url, schema } = freshSchemaUrl("personal");
  const store = await createPostgresStore(url, { schema, max: 4 });
  cleanups.push(async () => {
    await store.close();
    await dropSchema(schema);
  });
  return store;
}

const log = (userId: string, direction: "in" | "out", body: string, sid: string, at: number) => ({
  direction,
  sid,
  userId,
  body,
  media: [],
  status: direction === "in" ? "received" : "delivered",
  errorCode: null,
  segments: 1,
  encoding: "GSM-7",
  priceEstimate: null,
  outboxId: null,
  createdAt: at,
});

const stores = [{ name: "sqlite", open: sqlite }, ...(testDatabaseUrl ? [{ name: "postgres", open: postgres }] : [])];

describe.each(stores)("personal data ($name)", ({ open }) => {
  it("records consent, exports a user, and erases them keeping the ledger and a suppression record", async () => {
    const store = await open();
    const personal = store.personal!;
    await store.apply({ at: T0, seen: { userId: ALICE }, log: [log(ALICE, "in", "hi", "SM00000000000000000000000000000001", T0)] });
    await store.apply({ at: T0 + 1, outbox: [{ userId: ALICE, kind: "reply", body: "later", media: [], dueAt: T0 + 60_000, seq: 0, cancelable: true }] });
    await store.apply({
      at: T0 + 2,
      log: [log(ALICE, "in", "STOP", "SM00000000000000000000000000000002", T0 + 2)],
      optOut: { userId: ALICE, optedOut: true, reason: "STOP", sid: "SM00000000000000000000000000000002" },
    });

    const exported = (await personal.exportUser(ALICE, T0 + 3))!;
    expect(exported.user?.["id"]).toBe(ALICE);
    expect(exported.messages.map((m) => m["body"])).toEqual(["hi", "STOP"]);
    expect(exported.outbox.map((o) => [o["body"], o["state"]])).toEqual([["later", "canceled"]]);
    expect(exported.consent).toEqual([
      { userId: ALICE, optedIn: false, source: "STOP", keyword: "STOP", sid: "SM00000000000000000000000000000002", at: T0 + 2 },
    ]);
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);

    const erased = await personal.eraseUser(ALICE, T0 + 10);
    expect(erased).toMatchObject({ ok: true, suppressed: true });
    if (!erased.ok) return;
    expect(erased.erasedAs).toMatch(/^erased:[0-9a-f]{16}$/);
    expect(await store.getUser(ALICE)).toBeNull();
    expect(await personal.exportUser(ALICE, T0 + 11)).toBeNull();
    const messages = await store.listMessages({ userId: erased.erasedAs });
    expect(messages.map((m) => m.body)).toEqual(["", ""]);
    expect(await store.listMessages({ userId: ALICE })).toEqual([]);
    expect((await store.listOutbox({ userId: erased.erasedAs })).map((o) => o.body)).toEqual([""]);
    // The ledger is kept, under the erased id, with the erasure itself.
    expect((await personal.consent(erased.erasedAs)).map((c) => [c.source, c.optedIn, c.sid])).toEqual([
      ["STOP", false, "SM00000000000000000000000000000002"],
      ["erase", false, null],
    ]);
    const suppression = await personal.suppression(ALICE);
    expect(suppression).toMatchObject({ optedOutAt: T0 + 2, keyword: "STOP", erasedAt: T0 + 10 });
    expect(suppression!.hash).not.toContain(ALICE.slice(1));
    expect(await personal.suppression(BOB)).toBeNull();
    // Erasing again finds nobody.
    expect(await personal.eraseUser(ALICE, T0 + 12)).toMatchObject({ ok: false, reason: "unknown" });
  });

  it("refuses an unknown number and a user with a message mid-send, changing nothing", async () => {
    const store = await open();
    const personal = store.personal!;
    expect(await personal.eraseUser(BOB, T0)).toMatchObject({ ok: false, reason: "unknown" });
    await store.apply({
      at: T0,
      seen: { userId: BOB },
      outbox: [{ userId: BOB, kind: "reply", body: "hello", media: [], dueAt: T0, seq: 0, cancelable: true }],
    });
    const { rows } = await store.claimDue({ now: T0, ordering: "relaxed", strictWaitMs: 0, limit: 10 });
    expect(rows).toHaveLength(1);
    const refused = await personal.eraseUser(BOB, T0 + 1);
    expect(refused).toMatchObject({ ok: false, reason: "sending" });
    expect(await store.getUser(BOB)).not.toBeNull();
    expect((await store.listOutbox({ userId: BOB })).map((o) => o.body)).toEqual(["hello"]);
    // START and 21610 reach the ledger with their sources.
    await store.apply({ at: T0 + 2, optOut: { userId: BOB, optedOut: true, reason: "twilio 21610", sid: "SM00000000000000000000000000000009" } });
    await store.apply({ at: T0 + 3, optOut: { userId: BOB, optedOut: false, reason: "START", sid: "SM0000000000000000000000000000000a" } });
    expect((await personal.consent(BOB)).map((c) => [c.source, c.optedIn, c.keyword])).toEqual([
      ["21610", false, null],
      ["START", true, "START"],
    ]);
  });
});
