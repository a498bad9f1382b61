/**
 * @module Scale scenario (d): a broadcast to a few hundred users from 3 `bot run` processes on one
 * PostgreSQL database (a throwaway cluster of this test's own), created through the HTTP API, while the
 * users keep texting; some users opted out before it, some text STOP while it runs, and the process
 * holding the broadcast's lease is killed with SIGKILL midway. Counted from the emulator's record: every
 * opted-in recipient got the broadcast exactly once, nobody got anything after their STOP, every reply
 * exactly once and in order, the survivors alive. SCALE_BROADCAST_USERS sizes it (default 200).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../sandbox/emulator/index.ts";
import type { Emulator } from "../../sandbox/emulator/index.ts";
import { postgresBin, startCluster } from "./cluster.ts";
import type { Cluster } from "./cluster.ts";
import { account, drive, killHard, settle, sleep, startBot } from "./load.ts";
import type { BotProcess, ScaleRig, UserScript } from "./load.ts";

const USERS = Number(process.env["SCALE_BROADCAST_USERS"] ?? 200);
const RATE = 15;
const TOKEN = "scale-broadcast-dashboard-token-0123456789";
const BODY = "Spring sale today! Reply STOP to opt out";
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = postgresBin();
/** A STOP whose step began at T may still see a send that passed its last opt-out check just before: that request's flight time. */
const STOP_RACE_MS = 2000;

const phone = (i: number) => `+1555${String(8_000_000 + i).padStart(7, "0")}`;
/** Opted out before the broadcast; texting STOP while it runs. */
const stopsBefore = (i: number) => i % 10 === 5;
const stopsDuring = (i: number) => i % 10 === 7;

/** The broadcast's messages are counted apart; the conversation's replies go through the usual account. */
function withoutBroadcast(rig: ScaleRig): ScaleRig {
  const emulator = Object.create(rig.emulator) as Emulator;
  emulator.messagesTo = (to: string) => rig.emulator.messagesTo(to).filter((m) => m.body !== BODY);
  return { ...rig, emulator };
}

async function startBroadcastRig(databaseUrl: string): Promise<ScaleRig> {
  const emulator = await startEmulator({ seed: 4, delivery: { latencyMs: 5 }, log: () => undefined });
  const botDir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-scale-broadcast-"));
  // The scale bot; its `$` rule is not used here.
  fs.writeFileSync(
    path.join(botDir, "scale.bot"),
    fs.readFileSync(path.join(repo, "test/scale/fixtures/scale.bot"), "utf8").replace("SLOW_API", "http://127.0.0.1:9"),
  );
  // A short code: a long code may not broadcast to 100 or more recipients.
  fs.writeFileSync(
    path.join(botDir, "bot.config.yaml"),
    `sender:\n  type: short-code\nbroadcast:\n  rate: ${RATE}\nruntime:\n  http:\n    allow: [127.0.0.1]\n`,
  );
  const options = { databaseUrl, processes: 3, env: { BOT_DASHBOARD_TOKEN: TOKEN } };
  const processes: BotProcess[] = [];
  for (let i = 0; i < 3; i++) processes.push(await startBot(botDir, emulator, options));
  return {
    emulator,
    processes,
    slowApi: { url: "", delayMs: 0 },
    botDir,
    async close() {
      await Promise.all(
        processes.map(async (p) => {
          if (!p.alive()) return;
          const exited = new Promise((resolve) => p.child.once("exit", resolve));
          p.child.kill("SIGTERM");
          const timer = setTimeout(() => p.child.kill("SIGKILL"), 10_000);
          await exited;
          clearTimeout(timer);
        }),
      );
      await emulator.close();
      fs.rmSync(botDir, { recursive: true, force: true });
    },
  };
}

async function api(bot: BotProcess, route: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${bot.url}/api${route}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

if (bin === null) {
  console.warn("test/scale/broadcast: SKIPPED because no PostgreSQL server binaries were found (initdb); install postgresql or set PG_BIN");
  describe.skip("scale (d) broadcast: SKIPPED (no initdb; install postgresql or set PG_BIN)", () => {
    it("broadcasts from 3 processes on a throwaway cluster", () => undefined);
  });
} else {
  describe("3 bot run processes on one PostgreSQL database: a broadcast under load, with STOPs and a kill -9", () => {
    let cluster: Cluster;
    let rig: ScaleRig | null = null;
    beforeAll(async () => {
      cluster = await startCluster(bin);
    }, 120_000);
    afterAll(async () => {
      await rig?.close();
      await cluster?.destroy();
    }, 60_000);

    it("(d) every opted-in recipient gets it exactly once, nothing after STOP, replies once and in order, survivors alive", async () => {
      await cluster.createDatabase("scale_broadcast");
      const url = cluster.url("scale_broadcast");
      const r = (rig = await startBroadcastRig(url));
      const indexes = Array.from({ length: USERS }, (_, i) => i);

      // Before: every user texts once (so the bot knows them); a tenth then text STOP.
      const before: UserScript[] = indexes.map((i) => ({ phone: phone(i), messages: [{ body: "m 1", pauseMs: Math.floor((i / USERS) * 1500) }] }));
      const beforeStop: UserScript[] = indexes.filter(stopsBefore).map((i) => ({ phone: phone(i), messages: [{ body: "STOP", pauseMs: 0 }] }));
      expect((await drive(r, before)).undelivered).toBe(0);
      await settle(r, before);
      expect((await drive(r, beforeStop)).undelivered).toBe(0);
      await sleep(1000);

      const created = await api(r.processes[0]!, "/broadcasts", { body: BODY });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      const recipients = (created.json["broadcast"] as { recipients: number }).recipients;
      expect(recipients).toBe(indexes.filter((i) => !stopsBefore(i)).length);
      const broadcastCount = () => r.emulator.messages().filter((m) => m.direction === "outbound-api" && m.body === BODY).length;

      // During: everyone keeps texting (the opted-out ones too: they must get nothing), a tenth text STOP.
      const during: UserScript[] = indexes.map((i) => {
        const start = Math.floor((i / USERS) * 3000);
        if (stopsDuring(i))
          return {
            phone: phone(i),
            messages: [
              { body: "STOP", pauseMs: start },
              { body: "m 2", pauseMs: 1500 },
            ],
          };
        return {
          phone: phone(i),
          messages: [
            { body: "m 2", pauseMs: start },
            { body: "m 3", pauseMs: 2500 },
          ],
        };
      });
      let killedAt = 0;
      let holderPid = 0;
      const killer = (async () => {
        const until = Date.now() + 120_000;
        while (broadcastCount() < recipients * 0.3) {
          if (Date.now() > until) throw new Error(`the broadcast sent ${broadcastCount()} of ${recipients} messages in 120 s; expected a third`);
          await sleep(50);
        }
        const { json } = await api(r.processes[1]!, "/broadcasts/1");
        holderPid = (json["broadcast"] as { runner: { pid: number } | null }).runner?.pid ?? 0;
        const holder = r.processes.find((p) => p.child.pid === holderPid);
        if (!holder) throw new Error(`the broadcast's runner (pid ${holderPid}) is none of the bot processes`);
        killedAt = Date.now();
        killHard(holder);
      })();
      const [load] = await Promise.all([drive(r, during), killer]);
      const atKill = r.emulator.messages().filter((m) => m.body === BODY && m.dateCreated <= killedAt).length;

      // The broadcast finishes on a survivor.
      const survivor = r.processes.find((p) => !p.killed)!;
      const deadline = Date.now() + 180_000;
      let progress: Record<string, number | string>;
      for (;;) {
        const { json } = await api(survivor, "/broadcasts/1");
        progress = json["progress"] as Record<string, number | string>;
        if (progress["state"] === "done" || Date.now() > deadline) break;
        await sleep(250);
      }
      const doneAt = Date.now();
      const merged: UserScript[] = indexes.map((i) => ({
        phone: phone(i),
        messages: [...before[i]!.messages, ...(stopsBefore(i) ? [{ body: "STOP", pauseMs: 0 }] : []), ...during[i]!.messages],
      }));
      await settle(r, merged);

      const db = new pg.Client({ connectionString: url });
      await db.connect();
      const stoppedAt = new Map(
        (await db.query<{ id: string; opted_out_at: string }>("SELECT id, opted_out_at FROM users WHERE opted_out")).rows.map((row) => [
          row.id,
          Number(row.opted_out_at),
        ]),
      );
      await db.end();

      const got = (i: number) => r.emulator.messagesTo(phone(i)).filter((m) => m.direction === "outbound-api" && m.body === BODY);
      const optedIn = indexes.filter((i) => !stopsBefore(i) && !stopsDuring(i));
      const lost = optedIn.filter((i) => got(i).length === 0).map(phone);
      const duplicated = indexes.filter((i) => got(i).length > 1).map(phone);
      const toOptedOutBefore = indexes.filter((i) => stopsBefore(i) && got(i).length > 0).map(phone);
      // Anything at all (broadcast or reply) created after the user's STOP took effect, beyond one request's flight.
      const afterStop: string[] = [];
      let raceWindow = 0;
      for (const i of indexes.filter((i) => stopsBefore(i) || stopsDuring(i))) {
        const at = stoppedAt.get(phone(i));
        if (at === undefined) {
          afterStop.push(`${phone(i)}: not opted out in the database`);
          continue;
        }
        for (const m of r.emulator.messagesTo(phone(i)).filter((m) => m.direction === "outbound-api" && m.dateCreated > at)) {
          if (m.dateCreated > at + STOP_RACE_MS) afterStop.push(`${phone(i)}: "${m.body}" ${m.dateCreated - at} ms after STOP`);
          else raceWindow++;
        }
      }
      const replies = account(withoutBroadcast(r), merged);
      const report = {
        scenario: "d broadcast + STOP + kill -9",
        users: USERS,
        recipients,
        optedOutBefore: indexes.filter(stopsBefore).length,
        stoppedDuring: indexes.filter(stopsDuring).length,
        broadcastSent: broadcastCount(),
        sentBeforeKill: atKill,
        lost: lost.length,
        duplicated: duplicated.length,
        toOptedOut: toOptedOutBefore.length,
        afterStop: afterStop.length,
        withinStopRace: raceWindow,
        progress: { accepted: progress["accepted"], optedOut: progress["optedOut"], canceled: progress["canceled"], failed: progress["failed"] },
        recoveryMs: doneAt - killedAt,
        replies: {
          expected: replies.expected,
          received: replies.received,
          lost: replies.lost,
          duplicated: replies.duplicated,
          outOfOrder: replies.orderingViolations,
        },
        webhooksRetried: load.failedAttempts,
      };
      console.log(`scale report (d):\n${JSON.stringify(report)}`);

      expect(holderPid).toBeGreaterThan(0);
      expect(progress["state"]).toBe("done");
      expect(load.undelivered).toBe(0);
      expect({ lost, duplicated, toOptedOutBefore, afterStop }).toEqual({ lost: [], duplicated: [], toOptedOutBefore: [], afterStop: [] });
      // Mid-broadcast STOP users got it at most once (before their STOP) or not at all.
      expect(progress["accepted"]).toBe(broadcastCount());
      expect(replies.problems).toEqual([]);
      expect(replies).toMatchObject({ lost: 0, duplicated: 0, orderingViolations: 0, afterStop: 0, unexpected: 0 });
      expect(r.processes.filter((p) => !p.killed).map((p) => p.alive())).toEqual([true, true]);
      for (const p of r.processes.filter((p) => !p.killed)) expect((await fetch(`${p.url}/healthz`)).status).toBe(200);
      await r.close();
      rig = null;
    }, 480_000);
  });
}
