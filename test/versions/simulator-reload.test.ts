/**
 * @module The phone simulator shows a reload, in real headless Chromium against a real `bot run --watch` in
 * sandbox mode: a save that adds a trigger puts "Bot reloaded … now version 2" on the page, and the new trigger
 * answers in the same conversation.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import type { Browser } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS, haveChromium } from "../support/chromium.ts";
import { BOT_SOURCE } from "../support/cli.ts";
import { freePort } from "../scale/cluster.ts";
import { sleep } from "../scale/load.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const clean of cleanups.reverse()) await clean();
});

describe.skipIf(!haveChromium)("phone simulator with bot run --watch", () => {
  it("notes the reload and answers with the new trigger in the same conversation", { timeout: 90_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-sim-reload-"));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    fs.writeFileSync(path.join(dir, "bot.bot"), "+ my name is *\n- <set name=<star>>hi <get name>\n");
    const port = await freePort();
    const child = spawn(process.execPath, [...BOT_SOURCE, "run", "--watch", dir], {
      env: {
        PATH: process.env["PATH"] ?? "",
        HOME: process.env["HOME"] ?? os.tmpdir(),
        PORT: String(port),
        BOT_HOST: "127.0.0.1",
        BOT_DB: path.join(dir, ".bot", "bot.db"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    cleanups.push(async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    });
    for (let i = 0; i < 600 && !output.includes("/simulator/"); i++) await sleep(100);
    expect(output).toContain("/simulator/");

    const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    cleanups.push(() => browser.close());
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    await page.goto(`http://127.0.0.1:${port}/simulator/`);
    await page.locator("#connection", { hasText: "live" }).waitFor();
    const text = async (body: string) => {
      await page.getByLabel("Message", { exact: true }).fill(body);
      await page.getByLabel("Message", { exact: true }).press("Enter");
    };
    await text("my name is ann");
    await page.locator(".bubble.out", { hasText: "hi ann" }).waitFor();
    expect(await page.locator("#reloaded").isHidden()).toBe(true);

    fs.writeFileSync(path.join(dir, "bot.bot"), "+ my name is *\n- <set name=<star>>hi <get name>\n\n+ who am i\n- you are <get name>\n");
    await page.locator("#reloaded", { hasText: "now version 2" }).waitFor({ timeout: 20_000 });
    await text("who am i");
    await page.locator(".bubble.out", { hasText: "you are ann" }).waitFor();
    expect(problems).toEqual([]);
  });
});
