/**
 * @module Honest health: `/healthz` (liveness) answers in milliseconds while another process holds the
 * SQLite write lock and a webhook waits for it, the webhook then completes; `/readyz` says 503 with the
 * reason on a full disk (a small tmpfs, as root) and 200 again once space is freed.
 */
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ALICE, startHarness } from "./harness.ts";
import type { Harness } from "./harness.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Another process that takes the database's write lock and keeps it for `ms`. */
function holdLock(file: string, ms: number): Promise<{ released: Promise<void> }> {
  const script = `const D = require("better-sqlite3"); const db = new D(${JSON.stringify(file)}); db.exec("BEGIN IMMEDIATE"); process.stdout.write("locked\\n"); setTimeout(() => { db.exec("ROLLBACK"); db.close(); }, ${ms});`;
  const child = spawn(process.execPath, ["-e", script], {
    cwd: path.resolve(new URL("../..", import.meta.url).pathname),
    stdio: ["ignore", "pipe", "inherit"],
  });
  const released = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return new Promise((resolve) => child.stdout!.once("data", () => resolve({ released })));
}

async function timed(url: string): Promise<{ status: number; ms: number; body: unknown }> {
  const started = performance.now();
  const res = await fetch(url);
  return { status: res.status, ms: performance.now() - started, body: await res.json() };
}

describe("health while the database is locked by another process", () => {
  it("answers /healthz in milliseconds while a webhook waits for the lock, then the webhook completes", async () => {
    h = await startHarness();
    await h.text(ALICE, "hello"); // warm up: the first request pays for loading code
    const lock = await holdLock(h.dbFile, 2500);
    const webhook = h.text(ALICE, "multi");
    const checks: number[] = [];
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      const check = await timed(`${h.server.url}/healthz`);
      expect(check.status).toBe(200);
      checks.push(check.ms);
    }
    // Generous for two shared cores; a busy-waiting loop would take the whole lock time (2.5 s).
    expect(Math.max(...checks)).toBeLessThan(100);
    expect((await timed(`${h.server.url}/readyz`)).status).toBe(200);
    await lock.released;
    expect((await webhook).status).toBe(200);
    await h.tick();
    expect(h.received(ALICE)[0]).toBe("Hi there!");
  }, 30_000);
});

const isRoot = process.getuid?.() === 0;

describe.skipIf(!isRoot)("readiness on a full disk (tmpfs, as root)", () => {
  it("answers /readyz 503 with the reason while the disk is full, and 200 by itself once space is freed", async () => {
    const mount = fs.mkdtempSync(path.join(os.tmpdir(), "bot-full-"));
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", mount]);
    try {
      h = await startHarness({ root: mount });
      expect((await timed(`${h.server.url}/readyz`)).status).toBe(200);
      // Fill the disk to the last byte.
      try {
        execFileSync("dd", ["if=/dev/zero", `of=${path.join(mount, "filler")}`, "bs=64k"], { stdio: "ignore" });
      } catch {
        // dd ends with "No space left on device": the point.
      }
      let full = await timed(`${h.server.url}/readyz`);
      for (let i = 0; i < 20 && full.status === 200; i++) {
        // WAL pages can be reused for a while: write until the file must grow.
        await h.text(ALICE, `fill ${"x".repeat(2000)} ${i}`).catch(() => undefined);
        full = await timed(`${h.server.url}/readyz`);
      }
      expect(full.status).toBe(503);
      expect((full.body as { reason: string }).reason).toMatch(/disk full/);
      fs.rmSync(path.join(mount, "filler"));
      const again = await timed(`${h.server.url}/readyz`);
      expect(again.status).toBe(200);
    } finally {
      await h?.close();
      h = undefined;
      execFileSync("umount", ["-l", mount]);
      fs.rmSync(mount, { recursive: true, force: true });
    }
  }, 60_000);
});
