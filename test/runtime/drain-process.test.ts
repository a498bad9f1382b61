/**
 * @module The graceful drain on real `bot run` processes under load: SIGTERM turns `/readyz` 503 at once,
 * webhooks that still reach the process during its grace are stored and answered, the `$` steps in flight
 * finish, the process exits 0, and after a restart (SQLite) or a rolling restart of three processes
 * (PostgreSQL) every message is answered exactly once, in order, none after STOP. A second signal exits at once.
 */
import { afterAll, describe, expect, it } from "vitest";
import { account, scripts, settle, sleep, startRig } from "../scale/load.ts";
import type { RigOptions, ScaleRig } from "../scale/load.ts";
import { dropSchema, freshSchemaUrl, testDatabaseUrl } from "../support/postgres.ts";
import { balancer, refusedWhileDraining } from "./rolling.ts";
import type { RestartReport } from "./rolling.ts";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const DRAIN_ENV = { BOT_SHUTDOWN_GRACE_S: "2", BOT_SHUTDOWN_TIMEOUT_S: "20" };

async function rig(options: RigOptions): Promise<ScaleRig> {
  const started = await startRig(options);
  cleanups.push(() => started.close());
  return started;
}

function report(name: string, restarts: RestartReport[], acc: ReturnType<typeof account>, messages: number): void {
  // The figures docs/postgres.md and the closing note quote.
  console.log(
    `[drain ${name}] messages ${messages}, expected replies ${acc.expected}, lost ${acc.lost}, duplicated ${acc.duplicated}, out of order ${acc.orderingViolations}, after STOP ${acc.afterStop}; drain ms per process: ${restarts.map((r) => r.drainMs).join(", ")}`,
  );
}

describe("bot run drains on SIGTERM", () => {
  it("SQLite: a restart under load loses, repeats and reorders nothing", { timeout: 240_000 }, async () => {
    const options: RigOptions = { databaseUrl: "", processes: 1, slowDelayMs: 2500, env: DRAIN_ENV };
    const r = await rig(options);
    const lb = balancer(r);
    // Two users wait on a 2.5 s `$` call per message: a step is in flight when the signal comes.
    const users = scripts(8, { messages: 5, gapMs: 500, stopEvery: 8, remindEvery: 0, slow: 2 });
    const load = lb.drive(users);
    await sleep(1800);
    const restart = await lb.restart(r.processes[0]!, options);
    await load;
    await settle(r, users);
    const acc = account(r, users);
    report(
      "sqlite",
      [restart],
      acc,
      users.reduce((n, u) => n + u.messages.length, 0),
    );
    expect(restart.readyzAfterSignal).toBe(503);
    expect(restart.exitCode).toBe(0);
    // The grace (2 s) and the step in flight, well inside BOT_SHUTDOWN_TIMEOUT_S.
    expect(restart.drainMs).toBeGreaterThanOrEqual(2000);
    expect(restart.drainMs).toBeLessThan(20_000);
    expect(lb.attempts.filter((a) => a.process === r.processes[0] && a.at >= lb.signaledAt.get(a.process)! && a.status === 200).length).toBeGreaterThan(0);
    expect(refusedWhileDraining(lb)).toEqual([]);
    expect(acc.problems).toEqual([]);
    expect({ lost: acc.lost, duplicated: acc.duplicated, order: acc.orderingViolations, afterStop: acc.afterStop }).toEqual({
      lost: 0,
      duplicated: 0,
      order: 0,
      afterStop: 0,
    });
  });

  it("a second signal exits at once, leaving the step in flight to the next start", { timeout: 120_000 }, async () => {
    const options: RigOptions = { databaseUrl: "", processes: 1, slowDelayMs: 4000, env: { BOT_SHUTDOWN_GRACE_S: "5", BOT_SHUTDOWN_TIMEOUT_S: "25" } };
    const r = await rig(options);
    const lb = balancer(r);
    const users = scripts(1, { messages: 1, slow: 1 });
    await lb.drive(users);
    const bot = r.processes[0]!;
    const exited = new Promise<number | null>((resolve) => bot.child.once("exit", (code) => resolve(code)));
    const started = Date.now();
    bot.child.kill("SIGTERM");
    await sleep(300);
    bot.child.kill("SIGTERM");
    const code = await exited;
    const tookMs = Date.now() - started;
    bot.killed = true;
    expect(code).toBe(1);
    expect(tookMs).toBeLessThan(3000);
    expect(bot.output.join("")).toContain('"event":"shutdown.forced"');
    // The next start runs the message whose step was cut.
    const { startBot } = await import("../scale/load.ts");
    r.processes.push(await startBot(r.botDir, r.emulator, options));
    await settle(r, users);
    expect(account(r, users).problems).toEqual([]);
  });

  it.skipIf(!testDatabaseUrl)("PostgreSQL: a rolling restart of three processes under load", { timeout: 420_000 }, async () => {
    const fresh = freshSchemaUrl("drain");
    cleanups.push(() => dropSchema(fresh.schema));
    const options: RigOptions = { databaseUrl: fresh.url, processes: 3, slowDelayMs: 2500, env: DRAIN_ENV };
    const r = await rig(options);
    const lb = balancer(r);
    // The loop guard stops a user past 12 replies a minute: many users, a few messages each, spread over the restarts.
    const users = scripts(30, { messages: 5, gapMs: 5000, stopEvery: 10, remindEvery: 0, slow: 3 });
    const load = lb.drive(users);
    await sleep(1500);
    const restarts: RestartReport[] = [];
    for (const bot of [...r.processes]) {
      restarts.push(await lb.restart(bot, options));
      await sleep(500);
    }
    await load;
    await settle(r, users);
    const acc = account(r, users);
    report(
      "postgres",
      restarts,
      acc,
      users.reduce((n, u) => n + u.messages.length, 0),
    );
    if (acc.problems.length > 0) for (const p of r.processes) console.log(p.url, p.output.join("").slice(-3000));
    for (const restart of restarts) {
      expect(restart.readyzAfterSignal).toBe(503);
      expect(restart.exitCode).toBe(0);
      expect(restart.drainMs).toBeLessThan(20_000);
    }
    expect(refusedWhileDraining(lb)).toEqual([]);
    expect(acc.problems).toEqual([]);
    expect({ lost: acc.lost, duplicated: acc.duplicated, order: acc.orderingViolations, afterStop: acc.afterStop }).toEqual({
      lost: 0,
      duplicated: 0,
      order: 0,
      afterStop: 0,
    });
  });
});
