/**
 * @module `bot broadcast` prints broadcast text inert: a body holding C1 controls (CSI as U+009B, NEL) and bidi
 * overrides is listed (`--list`) with them escaped. Real `bot` processes, the local Twilio emulator, a real SQLite file.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../sandbox/emulator/index.ts";
import type { Emulator } from "../../sandbox/emulator/index.ts";
import { seedUsers } from "./fixtures/seed.ts";
import { botFolder, runCli, twilioEnv } from "./helpers.ts";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 201, delivery: { latencyMs: 5 } });
});
afterAll(async () => {
  await emulator.close();
});

const LONG_CODE = "+15005550006";
/** JSON.stringify (what --list used) escapes C0 but leaves these raw. */
const BODY = "Sale\u009b2J now\u0085\u202eTOPS Reply\u2066 STOP to opt out";
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe("bot broadcast output", () => {
  it("lists, reports and dry-runs a broadcast whose body holds control characters without printing them raw", async () => {
    const { root, db } = botFolder("broadcast:\n  segmentRates:\n    long-code: 50\n");
    await seedUsers(db, { count: 2, optedOut: 0 });
    const env = twilioEnv(emulator, LONG_CODE);
    const dry = await runCli(["broadcast", root, "--body", BODY, "--dry-run"], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout + dry.stderr).not.toMatch(RAW);
    const sent = await runCli(["broadcast", root, "--body", BODY, "--yes", "--rate", "50", "--settle", "0"], env);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout + sent.stderr).not.toMatch(RAW);
    const list = await runCli(["broadcast", root, "--list"], env);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).not.toMatch(RAW);
    expect(list.stdout).toContain("Sale\\u009b2J now\\u0085\\u202eTOPS Reply\\u2066 STOP");
    const id = /#(\d+)/.exec(list.stdout)![1]!;
    const status = await runCli(["broadcast", root, "--status", id], env);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout + status.stderr).not.toMatch(RAW);
  }, 60_000);
});
