/**
 * @module The durable spool on real `bot run` processes: PostgreSQL (a throwaway cluster of this test's own,
 * never the shared server) stopped for 30 s under load with 3 processes, one of them killed -9 while it is
 * down and started again after; every webhook is answered 200 (none refused for the database), and every
 * message received during the outage is answered exactly once, in order, none after STOP.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { postgresBin, startCluster } from "../scale/cluster.ts";
import type { Cluster } from "../scale/cluster.ts";
import { account, killHard, scripts, settle, sleep, startBot, startRig } from "../scale/load.ts";
import type { RigOptions, ScaleRig } from "../scale/load.ts";
import { balancer } from "./rolling.ts";

const bin = postgresBin();
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
}, 60_000);

/** A rig whose bot has the loop guard off: a user texting through a 30 s outage gets more than 12 replies a minute. */
async function rigWithoutLoopGuard(options: RigOptions): Promise<ScaleRig> {
  const rig = await startRig({ ...options, processes: 0 });
  cleanups.push(() => rig.close());
  const config = path.join(rig.botDir, "bot.config.yaml");
  fs.writeFileSync(config, fs.readFileSync(config, "utf8").replace("runtime:\n", "runtime:\n  loopGuard:\n    enabled: false\n"));
  for (let i = 0; i < options.processes; i++) rig.processes.push(await startBot(rig.botDir, rig.emulator, options));
  return rig;
}

describe.skipIf(bin === null)("the spool while PostgreSQL is away", () => {
  it("30 s outage under load, a process killed -9 during it: nothing refused, lost, doubled or reordered", { timeout: 420_000 }, async () => {
    const cluster: Cluster = await startCluster(bin!);
    cleanups.push(() => cluster.destroy());
    await cluster.createDatabase("spool");
    const options: RigOptions = {
      databaseUrl: cluster.url("spool"),
      processes: 3,
      slowDelayMs: 50,
      env: { BOT_PG_CONNECT_TIMEOUT_MS: "2000", BOT_LOG_LEVEL: process.env["SPOOL_DEBUG"] ? "info" : "warn" },
    };
    const rig = await rigWithoutLoopGuard(options);
    const lb = balancer(rig);
    const users = scripts(15, { messages: 9, gapMs: 4000, stopEvery: 5, remindEvery: 0 });
    const load = lb.drive(users);

    await sleep(5000);
    const downAt = Date.now();
    await cluster.stop();
    await sleep(8000);
    const victim = rig.processes[0]!;
    const readyz = (await (await fetch(`${rig.processes[1]!.url}/readyz`)).json()) as { status: string; spool?: { entries: number } };
    killHard(victim);
    lb.rotation.splice(lb.rotation.indexOf(victim), 1);
    await sleep(Math.max(0, downAt + 30_000 - Date.now()));
    await cluster.start();
    const upAt = Date.now();
    const replacement = await startBot(rig.botDir, rig.emulator, options);
    rig.processes.push(replacement);
    lb.rotation.push(replacement);
    await load;
    await settle(rig, users, { quietMs: 40_000, timeoutMs: 180_000 });

    const acc = account(rig, users);
    const during = lb.attempts.filter((a) => a.at >= downAt && a.at < upAt);
    console.log(
      `[spool postgres] messages ${users.reduce((n, u) => n + u.messages.length, 0)}, during the outage ${during.length} webhook attempts (${during.filter((a) => a.status === 200).length} answered 200), expected replies ${acc.expected}, lost ${acc.lost}, duplicated ${acc.duplicated}, out of order ${acc.orderingViolations}, after STOP ${acc.afterStop}; outage ${upAt - downAt} ms`,
    );
    if (process.env["SPOOL_DEBUG"])
      for (const p of rig.processes)
        console.log(
          p.url,
          p.output
            .join("")
            .split("\n")
            .filter((l) => l.includes("spool") || l.includes("+15557000000"))
            .join("\n"),
        );
    expect(readyz.status).toBe("unavailable");
    expect(readyz.spool?.entries).toBeGreaterThan(0);
    expect(during.filter((a) => a.status === 200).length).toBeGreaterThan(20);
    // Refused for the database: none. (Attempts at the killed process fail to connect and go elsewhere.)
    expect(lb.attempts.filter((a) => a.status !== null && a.status >= 300)).toEqual([]);
    expect(acc.problems).toEqual([]);
    expect({ lost: acc.lost, duplicated: acc.duplicated, order: acc.orderingViolations, afterStop: acc.afterStop }).toEqual({
      lost: 0,
      duplicated: 0,
      order: 0,
      afterStop: 0,
    });
    // Every spool was replayed and removed: the killed process's too.
    const left = fs.readdirSync(path.join(rig.botDir, ".bot", "spool")).filter((name) => fs.statSync(path.join(rig.botDir, ".bot", "spool", name)).size > 0);
    expect(left).toEqual([]);
  });
});
