/**
 * @module The spool with the SQLite disk full, on a real `bot run`: the database lives on a small tmpfs (mounted
 * here, so this runs as root; skipped otherwise) that a filler file fills under load; webhooks are spooled on the
 * bot folder's disk and answered 200, and once the filler is removed every message is answered exactly once, in
 * order, none after STOP.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { account, scripts, settle, sleep, startBot, startRig } from "../scale/load.ts";
import type { RigOptions } from "../scale/load.ts";
import { balancer } from "./rolling.ts";

function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), "bot-tmpfs-probe-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", probe], { stdio: "ignore" });
    execFileSync("umount", [probe], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
}, 60_000);

describe.skipIf(!canMount())("the spool with the SQLite disk full (tmpfs)", () => {
  it("spools while the disk is full and answers everything once it has room again", { timeout: 300_000 }, async () => {
    const mount = fs.mkdtempSync(path.join(os.tmpdir(), "bot-tmpfs-"));
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", mount]);
    cleanups.push(() => {
      execFileSync("umount", ["-l", mount]);
      fs.rmSync(mount, { recursive: true, force: true });
    });
    const options: RigOptions = { databaseUrl: "", processes: 0, slowDelayMs: 50, env: { BOT_DB: path.join(mount, "bot.db") } };
    const rig = await startRig(options);
    cleanups.push(() => rig.close());
    const config = path.join(rig.botDir, "bot.config.yaml");
    fs.writeFileSync(config, fs.readFileSync(config, "utf8").replace("runtime:\n", "runtime:\n  loopGuard:\n    enabled: false\n"));
    rig.processes.push(await startBot(rig.botDir, rig.emulator, { ...options, processes: 1 }));
    const lb = balancer(rig);
    const users = scripts(6, { messages: 8, gapMs: 1000, stopEvery: 6, remindEvery: 0 });
    const load = lb.drive(users);

    await sleep(2500);
    const filler = path.join(mount, "filler");
    const fullAt = Date.now();
    // Fill what is left of the tmpfs (the database keeps the pages it has; new ones cannot be had).
    const fd = fs.openSync(filler, "w");
    const block = Buffer.alloc(64 * 1024);
    try {
      for (;;) fs.writeSync(fd, block);
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe("ENOSPC");
    } finally {
      fs.closeSync(fd);
    }
    await sleep(6000);
    const readyz = (await (await fetch(`${rig.processes[0]!.url}/readyz`)).json()) as { status: string; spool?: { entries: number } };
    fs.rmSync(filler);
    const freedAt = Date.now();
    await load;
    // A part claimed while the disk was full can be left `sending` (its pass's write failed before the request):
    // it is handed to reconcile after the REST timeout and reconcile delay (15 + 5 s), looked up at Twilio that
    // much later, then sent. So the quiet that ends the wait must outlast 40 s.
    await settle(rig, users, { quietMs: 60_000, timeoutMs: 180_000 });

    const acc = account(rig, users);
    const during = lb.attempts.filter((a) => a.at >= fullAt && a.at < freedAt);
    console.log(
      `[spool sqlite disk full] messages ${users.reduce((n, u) => n + u.messages.length, 0)}, while full ${during.length} webhook attempts (${during.filter((a) => a.status === 200).length} answered 200), spool at /readyz ${readyz.spool?.entries}, expected replies ${acc.expected}, lost ${acc.lost}, duplicated ${acc.duplicated}, out of order ${acc.orderingViolations}, after STOP ${acc.afterStop}`,
    );
    expect(during.length).toBeGreaterThan(10);
    expect(lb.attempts.filter((a) => a.status !== 200)).toEqual([]);
    expect(readyz.spool?.entries).toBeGreaterThan(0);
    expect(
      acc.problems,
      rig.processes
        .map((p) => p.output.join(""))
        .join("\n---\n")
        .slice(-6000),
    ).toEqual([]);
    expect({ lost: acc.lost, duplicated: acc.duplicated, order: acc.orderingViolations, afterStop: acc.afterStop }).toEqual({
      lost: 0,
      duplicated: 0,
      order: 0,
      afterStop: 0,
    });
  });
});
