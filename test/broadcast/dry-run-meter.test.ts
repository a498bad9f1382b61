/** @module `bot broadcast --dry-run` shows the segments and the sender's meter: its rate, what it holds, the projected send time. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../sandbox/emulator/index.ts";
import type { Emulator } from "../../sandbox/emulator/index.ts";
import { seedUsers } from "./fixtures/seed.ts";
import { botFolder, runCli, twilioEnv } from "./helpers.ts";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 201 });
});
afterAll(async () => {
  await emulator.close();
});

const TOLL_FREE = "+18005550100";
// 200 characters of GSM-7: 2 segments per recipient.
const BODY = `Hi <get name>! ${"Our store opens early on Saturday. ".repeat(5)}Reply STOP to opt out`.slice(0, 200);

describe("dry run: the sender meter", () => {
  it("shows segments, the sender's rate and where it comes from, and the time the sender needs for them", async () => {
    const { root, db } = botFolder("sender:\n  type: toll-free\n");
    await seedUsers(db, { count: 30, optedOut: 0 });
    const dry = await runCli(["broadcast", root, "--body", BODY, "--dry-run"], twilioEnv(emulator, TOLL_FREE));
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/segments\s+60 in all; per recipient: 2 segments × 30/);
    expect(dry.stdout).toMatch(/meter\s+toll-free number \+18005550100: 3 segment\(s\)\/s \(default for a toll-free\); idle now/);
    expect(dry.stdout).toMatch(/send time\s+60 segment\(s\) ÷ 3\/s → 20 s of the sender's time/);
    const json = await runCli(["broadcast", root, "--body", BODY, "--dry-run", "--json"], twilioEnv(emulator, TOLL_FREE));
    const { meter } = JSON.parse(json.stdout) as { meter: { cost: number; segmentsPerSecond: number; sendSeconds: number } };
    expect(meter).toMatchObject({ cost: 60, segmentsPerSecond: 3, sendSeconds: 20 });
    expect(emulator.messages()).toHaveLength(0);
  }, 60_000);

  it("meters a 10DLC campaign at its slowest carrier and says so", async () => {
    const { root, db } = botFolder("sender:\n  type: 10dlc\n  carrierRates: { att: 75, tmobile: 40, verizon: 10 }\n");
    await seedUsers(db, { count: 5, optedOut: 0 });
    const dry = await runCli(["broadcast", root, "--body", "Hi <get name>! Reply STOP to opt out", "--dry-run"], twilioEnv(emulator, "+14155550123"));
    expect(dry.stdout).toMatch(/meter\s+10DLC campaign \+14155550123: 10 segment\(s\)\/s \(lowest of sender.carrierRates \(verizon\)\)/);
    expect(dry.stdout).toMatch(/send time\s+5 segment\(s\) ÷ 10\/s → 0.5 s/);
  }, 60_000);
});
