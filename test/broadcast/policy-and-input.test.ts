/** @module Acceptance: the long-code limit (100 refused, 99 sent) and bad input (unknown variable, malformed date, uncompilable body, over 1,600 characters, second start): a clear error, nothing sent, nothing changed. */
import Database from "better-sqlite3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator } from "../../sandbox/emulator/index.ts";
import type { Emulator } from "../../sandbox/emulator/index.ts";
import { createSqliteStore } from "../../runtime/store/index.ts";
import { seedUsers, phoneOf } from "./fixtures/seed.ts";
import { botFolder, runCli, startCli, twilioEnv, waitFor } from "./helpers.ts";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 200, delivery: { latencyMs: 5 } });
});
beforeEach(() => {
  emulator.reset();
});
afterAll(async () => {
  await emulator.close();
});

const LONG_CODE = "+15005550006";
const BODY = "Hi <get name>! Reply STOP to opt out";
const outboundTo = (ids: string[]) => emulator.messages().filter((m) => m.direction === "outbound-api" && ids.includes(m.to));

function tables(db: string): { broadcasts: number; recipients: number; outbox: number } {
  const raw = new Database(db, { readonly: true });
  const count = (table: string) => (raw.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  const result = { broadcasts: count("broadcasts"), recipients: count("broadcast_recipients"), outbox: count("outbox") };
  raw.close();
  return result;
}

describe("long-code policy", () => {
  it("refuses a long-code broadcast to 100 recipients, with the ways out, and sends nothing", async () => {
    const { root, db } = botFolder("");
    const ids = await seedUsers(db, { count: 100, optedOut: 0 });
    const result = await runCli(["broadcast", root, "--body", BODY, "--yes", "--rate", "50"], twilioEnv(emulator, LONG_CODE));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/REFUSED: a long code may not broadcast to 100 or more unique recipients \(this one has 100\)/);
    expect(result.stdout).toMatch(/short code/);
    expect(result.stdout).toMatch(/toll-free/);
    expect(result.stdout).toMatch(/Messaging Service/);
    expect(outboundTo(ids)).toHaveLength(0);
    expect(tables(db)).toEqual({ broadcasts: 0, recipients: 0, outbox: 0 });
  }, 30_000);

  it("sends a long-code broadcast to 99 recipients (opted-out users do not count)", async () => {
    // The sender's meter holds a long code to its rate (1 segment/s by default): this one is declared faster so the test takes seconds.
    const { root, db } = botFolder("broadcast:\n  segmentRates:\n    long-code: 50\n");
    const ids = await seedUsers(db, { count: 101, optedOut: 2 });
    const dry = await runCli(["broadcast", root, "--body", BODY, "--dry-run"], twilioEnv(emulator, LONG_CODE));
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/101 user\(s\) match; 2 opted out \(excluded\); 99 recipient\(s\)/);
    expect(dry.stdout).toMatch(/sender\s+long code \(TWILIO_FROM \+15005550006\)/);
    expect(dry.stdout).toMatch(/policy\s+OK/);
    const result = await runCli(["broadcast", root, "--body", BODY, "--yes", "--rate", "50", "--settle", "0"], twilioEnv(emulator, LONG_CODE));
    expect(result.code).toBe(0);
    expect(outboundTo(ids)).toHaveLength(99);
    const logs = await runCli(["logs", root, "--type", "broadcast", "--json", "User50!"], twilioEnv(emulator, LONG_CODE));
    expect(logs.code).toBe(0);
    const lines = logs.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({
        userId: phoneOf(50),
        type: "broadcast",
        direction: "out",
        body: "Hi User50! Reply STOP to opt out",
        broadcastId: 1,
        segments: 1,
        encoding: "GSM-7",
      }),
    ]);
  }, 60_000);
});

describe("bad input: a clear error, nothing sent, nothing changed", () => {
  it("rejects an unknown variable in --where (exit 2)", async () => {
    const { root, db } = botFolder("sender:\n  type: short-code\n");
    await seedUsers(db, { count: 5, optedOut: 0 });
    const result = await runCli(["broadcast", root, "--body", BODY, "--where", "scroe > 3", "--yes"], twilioEnv(emulator, "12345"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/"scroe" is not set for any user and not a namespace variable/);
    expect(tables(db)).toEqual({ broadcasts: 0, recipients: 0, outbox: 0 });
  }, 30_000);

  it("rejects a malformed date in --at and in bot logs --since (exit 2)", async () => {
    const { root, db } = botFolder("sender:\n  type: short-code\n");
    await seedUsers(db, { count: 5, optedOut: 0 });
    const at = await runCli(["broadcast", root, "--body", BODY, "--at", "2024-02-30T10:00", "--yes"], twilioEnv(emulator, "12345"));
    expect(at.code).toBe(2);
    expect(at.stderr).toMatch(/--at "2024-02-30T10:00" is not a time: use an ISO date/);
    const logs = await runCli(["logs", root, "--since", "yesterdayish"], twilioEnv(emulator, "12345"));
    expect(logs.code).toBe(2);
    expect(logs.stderr).toMatch(/--since "yesterdayish" is not a time/);
    expect(tables(db)).toEqual({ broadcasts: 0, recipients: 0, outbox: 0 });
  }, 30_000);

  it("refuses an unknown bot logs --status with the list of statuses (exit 2), and takes a real one", async () => {
    const { root, db } = botFolder("sender:\n  type: short-code\n");
    // bot logs only reads: the database bot run would have made must exist.
    await createSqliteStore(db).close();
    const bogus = await runCli(["logs", root, "--status", "bogus"], twilioEnv(emulator, "12345"));
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toMatch(/--status "bogus": use one of received, accepted, .*delivered, undelivered, failed/);
    expect(bogus.stdout).toBe("");
    const real = await runCli(["logs", root, "--status", "delivered"], twilioEnv(emulator, "12345"));
    expect(real.code).toBe(0);
  }, 30_000);

  it("refuses a body that does not compile, pointing at it (exit 1)", async () => {
    const { root, db } = botFolder("sender:\n  type: short-code\n");
    const ids = await seedUsers(db, { count: 5, optedOut: 0 });
    const result = await runCli(["broadcast", root, "--body", "Sale<delay seconds=2>now! Reply STOP to opt out", "--yes"], twilioEnv(emulator, "12345"));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/<body>:1:5 BOT\d{3}/);
    expect(result.stderr).toMatch(/does not compile/);
    expect(outboundTo(ids)).toHaveLength(0);
    expect(tables(db)).toEqual({ broadcasts: 0, recipients: 0, outbox: 0 });
  }, 30_000);

  it("refuses the whole broadcast when the body renders past 1,600 characters for one recipient", async () => {
    const { root, db } = botFolder("sender:\n  type: short-code\n");
    const ids = await seedUsers(db, { count: 20, optedOut: 0 });
    const store = createSqliteStore(db);
    const user = (await store.getUser(phoneOf(7)))!;
    await store.apply({ at: Date.now(), session: { userId: user.id, session: { ...user.session!, vars: { ...user.session!.vars, name: "x".repeat(1600) } } } });
    await store.close();
    const result = await runCli(["broadcast", root, "--body", BODY, "--yes"], twilioEnv(emulator, "12345"));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/more than 1600 characters for 1 recipient \(longest: \+1555000007, 1626 characters\)/);
    expect(outboundTo(ids)).toHaveLength(0);
    expect(tables(db)).toEqual({ broadcasts: 0, recipients: 0, outbox: 0 });
  }, 30_000);

  it("refuses a second start of a running broadcast, by --resume or by the same command, changing nothing", async () => {
    const { root, db } = botFolder("sender:\n  type: short-code\n");
    const ids = await seedUsers(db, { count: 60, optedOut: 0 });
    const env = twilioEnv(emulator, "12345");
    // 60 recipients at 2/s: half a minute, long enough for the second starts below.
    const first = startCli(["broadcast", root, "--body", BODY, "--yes", "--rate", "2", "--settle", "0"], env);
    await waitFor(() => outboundTo(ids).length >= 2, 30_000, "the first broadcast to start sending");
    const before = tables(db);
    const again = await runCli(["broadcast", root, "--resume", "1", "--yes"], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/broadcast 1 is being sent by process \d+ on .+ \(last heartbeat [\d.]+ s ago\); nothing was changed/);
    const same = await runCli(["broadcast", root, "--body", BODY, "--yes", "--rate", "2"], env);
    expect(same.code).toBe(1);
    expect(same.stderr).toMatch(/broadcast 1 with this body and audience is still running: resume it .* or cancel it .*; nothing was changed/);
    expect(tables(db).broadcasts).toBe(before.broadcasts);
    expect(tables(db).recipients).toBe(before.recipients);
    const canceled = await runCli(["broadcast", root, "--cancel", "1"], env);
    expect(canceled.code).toBe(0);
    expect(await first.exited).toBe(0);
    expect(first.output().stdout).toMatch(/broadcast 1: canceled/);
    const sent = outboundTo(ids).length;
    expect(sent).toBeLessThan(60);
    expect(new Set(outboundTo(ids).map((m) => m.to)).size).toBe(sent);
  }, 120_000);
});
