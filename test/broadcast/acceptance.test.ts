/** @module Acceptance: 1,000 users (50 opted out) at 100 msg/s from a real `bot broadcast` process, killed with SIGKILL mid-way and resumed: 950 messages, one each, never above the pace. */
import { once } from "node:events";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../runtime/emulator/index.ts";
import type { Emulator } from "../../runtime/emulator/index.ts";
import { phoneOf, seedUsers } from "./fixtures/seed.ts";
import { botFolder, maxPerWindow, perSecond, runCli, startCli, twilioEnv, waitFor } from "./helpers.ts";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 100, delivery: { latencyMs: 5 } });
});
afterAll(async () => {
  await emulator.close();
});

const outbound = () => emulator.messages().filter((m) => m.direction === "outbound-api");

describe("broadcast to 1,000 users at 100 msg/s, killed and resumed", () => {
  it("sends 950 messages, one per subscribed user, none to opted-out numbers, never more than 100 in a second", async () => {
    const { root, db } = botFolder("sender:\n  type: short-code\nbroadcast:\n  rate: 100\n");
    const ids = await seedUsers(db, { count: 1000, optedOut: 50 });
    const env = twilioEnv(emulator, "12345");
    const body = "Hi <get name>, our spring sale starts today! Reply STOP to opt out";

    const first = startCli(["broadcast", root, "--body", body, "--yes", "--settle", "0"], env);
    await waitFor(() => outbound().length >= 400, 60_000, "400 messages before the kill");
    first.child.kill("SIGKILL");
    const [, signal] = (await once(first.child, "exit")) as [number | null, NodeJS.Signals | null];
    expect(signal).toBe("SIGKILL");
    const atKill = outbound().length;
    expect(atKill).toBeLessThan(950);

    const raw = new Database(db, { readonly: true });
    expect(raw.prepare("SELECT id, state FROM broadcasts").all()).toEqual([{ id: 1, state: "running" }]);
    raw.close();

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
    console.log(`pacing: ${atKill} sent before SIGKILL; max ${max} in any 1-s window; per second: ${perSecond(times).join(" ")}`);
    expect(max).toBeLessThanOrEqual(100);
  }, 120_000);
});
