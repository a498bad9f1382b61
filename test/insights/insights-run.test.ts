/**
 * @module Insights end to end (issue 24): a real `bot run` process, on SQLite and on PostgreSQL, answers a scripted
 * mix of messages (matched, caught by the default `*`, by a topic's `*`, matched by nothing, an opted-out user's);
 * `bot insights missed` and `triggers` (real processes), the API and the dashboard page in Chromium show exactly
 * the missed groups with their counts, the trigger hits and the never-fired triggers.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BOT_SOURCE } from "../support/cli.ts";
import { CHROMIUM, CHROMIUM_ARGS, haveChromium } from "../support/chromium.ts";
import { dropSchema, freshSchemaUrl, testDatabaseUrl } from "../support/postgres.ts";
import { EXPECTED_HITS, EXPECTED_MISSED, INSIGHTS_BOT, SCRIPT } from "./fixture.ts";

const TOKEN = "insights-test-token-7f3a9c1e5b2d4f6a8c0e";
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TWILIO_") && !k.startsWith("BOT_") && k !== "DATABASE_URL"));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

let browser: Browser | null = null;
beforeAll(async () => {
  if (haveChromium) browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...BOT_SOURCE, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function start(dir: string, env: NodeJS.ProcessEnv, db: string[]): Promise<{ emulator: string; url: string; out: () => string }> {
  const child = spawn(process.execPath, [...BOT_SOURCE, "run", dir, "--port", "0", ...db], { env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  for (let i = 0; i < 600 && !(/"event":"listening"/.test(out) && /emulator http/.test(out)); i++) await sleep(100);
  const emulator = /emulator (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
  const url = /"event":"listening","url":"(http:\/\/[^"]+)"/.exec(out)?.[1];
  if (!emulator || !url) throw new Error(`bot run did not start:\n${out}`);
  return { emulator, url, out: () => out };
}

async function api(url: string, route: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL(route, url), { headers: { Authorization: `Bearer ${TOKEN}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Sends each message and waits until its step has logged it, so one user's messages run in order. */
async function play(emulator: string, url: string): Promise<void> {
  for (const [i, message] of SCRIPT.entries()) {
    const response = await fetch(`${emulator}/_emulator/inbound`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ from: message.user, to: "+15005550006", body: message.body }),
    });
    expect(response.status).toBe(200);
    let logged = 0;
    for (let tries = 0; tries < 300 && logged < i + 1; tries++) {
      logged = ((await api(url, "/api/logs?type=inbound&limit=100")).body["messages"] as unknown[]).length;
      if (logged < i + 1) await sleep(100);
    }
    expect(logged).toBe(i + 1);
  }
}

type Group = { text: string; count: number; users: string[]; firstSeen: string; lastSeen: string; nearest: { trigger: string; via: string }[] };

function missedShape(groups: Group[]) {
  return groups.map((g) => ({ text: g.text, count: g.count, users: [...g.users].sort() })).sort((a, b) => a.text.localeCompare(b.text));
}
const EXPECTED_SHAPE = EXPECTED_MISSED.map(({ text, count, users }) => ({ text, count, users }));

const KINDS = ["sqlite", ...(testDatabaseUrl ? ["postgres"] : [])] as const;

describe.each(KINDS)("bot insights on a real bot run (%s)", (kind) => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let db: string[];
  let schema: string | null = null;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-insights-"));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, "shop.bot"), INSIGHTS_BOT);
    env = { ...cleanEnv, BOT_DASHBOARD_TOKEN: TOKEN, BOT_LOG_LEVEL: "info" };
    db = [];
    if (kind === "postgres") {
      const fresh = freshSchemaUrl("insights");
      schema = fresh.schema;
      env["DATABASE_URL"] = fresh.url;
    } else db = ["--db", path.join(dir, "bot.db")];
  });
  afterAll(async () => {
    if (schema !== null) await dropSchema(schema);
  });

  it("refuses a database that does not exist yet (exit 1), creating nothing", async () => {
    const result = await run(["insights", "missed", dir, ...db], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(kind === "sqlite" ? /no database at .*bot run creates it/ : /has no message log in schema/);
    if (kind === "sqlite") expect(fs.existsSync(path.join(dir, "bot.db"))).toBe(false);
  }, 60_000);

  it("shows the missed groups, trigger hits and never-fired triggers in the CLI, the API and the dashboard", async () => {
    const bot = await start(dir, env, db);
    await play(bot.emulator, bot.url);

    const missed = await run(["insights", "missed", dir, "--json", ...db], env);
    expect(missed.code, missed.stderr).toBe(0);
    const groups = (JSON.parse(missed.stdout) as { groups: Group[] }).groups;
    expect(missedShape(groups)).toEqual(EXPECTED_SHAPE);
    // The shape; the extra keys (userCount, unanswered, suggestion) only add to it.
    expect(Object.keys(groups[0]!)).toEqual(expect.arrayContaining(["text", "count", "firstSeen", "lastSeen", "users", "nearest"]));
    // Sorted by count; the near miss points at the trigger one word away.
    expect(groups[0]!.text).toBe("opening hours");
    const near = groups.find((g) => g.text === "what time do u open")!.nearest[0]!;
    expect(near).toMatchObject({ trigger: "[what] time do you open", via: "replace" });
    expect(missed.stderr).toContain(
      "10 inbound message(s): 3 by a trigger, 5 by a catch-all, 1 by nothing, 1 keyword (STOP/START/HELP), 0 from opted-out users, 0 to a person (handed off)",
    );

    const text = await run(["insights", "missed", dir, ...db], env);
    expect(text.stdout).toMatch(/2× "opening hours"/);
    expect(text.stdout).toMatch(/extend `\+ \[what\] time do you open`: it matches with "you" for "u"/);

    const triggers = await run(["insights", "triggers", dir, "--json", ...db], env);
    expect(triggers.code, triggers.stderr).toBe(0);
    const rows = (JSON.parse(triggers.stdout) as { triggers: { topic: string; trigger: string; hits: number; state: string; source: { line: number } }[] })
      .triggers;
    expect(Object.fromEntries(rows.map((r) => [`${r.topic}|${r.trigger}`, r.hits]))).toEqual(EXPECTED_HITS);
    const never = rows.filter((r) => r.state === "never-fired").map((r) => `${r.topic}|${r.trigger}`);
    expect(never.sort()).toEqual(["default|[what] time do you open", "order|large", "quiz|yes"]);
    expect(rows.find((r) => r.trigger === "hello")!.source.line).toBe(2);

    const viaApi = await api(bot.url, "/api/insights/missed");
    expect(viaApi.status).toBe(200);
    expect(missedShape(viaApi.body["groups"] as Group[])).toEqual(EXPECTED_SHAPE);
    const apiTriggers = await api(bot.url, "/api/insights/triggers");
    expect(
      Object.fromEntries((apiTriggers.body["triggers"] as { topic: string; trigger: string; hits: number }[]).map((r) => [`${r.topic}|${r.trigger}`, r.hits])),
    ).toEqual(EXPECTED_HITS);
    expect((await api(bot.url, "/api/insights/missed?since=13/45/2024")).status).toBe(400);

    if (browser !== null) {
      const context = await browser.newContext({ locale: "en-US", timezoneId: "UTC" });
      const page = await context.newPage();
      await page.goto(new URL("dashboard/insights/missed", bot.url).toString());
      await page.getByLabel("Token").fill(TOKEN);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: "Overview" }).waitFor();
      await page.getByRole("link", { name: "Insights" }).click();
      await page.getByRole("heading", { name: "Missed messages" }).waitFor();
      const shown = await page
        .locator("tbody tr")
        .evaluateAll((trs) =>
          trs.map((tr) => ({ text: tr.querySelector(".missed-text")!.textContent, count: Number(tr.querySelector(".missed-count")!.textContent) })),
        );
      expect(shown.sort((a, b) => a.text!.localeCompare(b.text!))).toEqual(EXPECTED_MISSED.map(({ text, count }) => ({ text, count })));
      await page.getByRole("link", { name: "Triggers" }).click();
      await page.getByRole("heading", { name: "Triggers" }).waitFor();
      expect(await page.locator(".trigger-state", { hasText: "never fired" }).count()).toBe(3);
      await page.getByRole("link", { name: "+ hello" }).click();
      await page.getByText("+15550000001").waitFor();
      await context.close();
    }
  }, 180_000);
});
