/**
 * @module Versions through the web console of a real `bot run` (SQLite, Twilio mode with the emulator):
 * `GET /api/versions`, `POST /api/versions` (publishing the bot's files; refused with the diagnostics when they
 * have errors), `POST /api/versions/:n/live` (unknown: 404 with the list), the dashboard's Versions page, and
 * `/readyz` naming the version the process runs.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { startEmulator } from "../../sandbox/emulator/index.ts";
import type { Emulator } from "../../sandbox/emulator/index.ts";
import { BOT_NUMBER, sleep, startBot } from "../scale/load.ts";
import type { BotProcess } from "../scale/load.ts";

let emulator: Emulator | undefined;
let bot: BotProcess | undefined;
let dir: string | undefined;
afterAll(async () => {
  if (bot?.alive()) {
    const exited = new Promise((resolve) => bot!.child.once("exit", resolve));
    bot.child.kill("SIGTERM");
    await exited;
  }
  await emulator?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it("publishes, lists and makes versions live through /api/versions, shows them on the dashboard and /readyz", { timeout: 90_000 }, async () => {
  emulator = await startEmulator({ seed: 7, delivery: { latencyMs: 1 }, log: () => undefined });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-versions-api-"));
  fs.writeFileSync(path.join(dir, "bot.bot"), "+ hello\n- one\n");
  const token = randomBytes(24).toString("hex");
  bot = await startBot(dir, emulator, { databaseUrl: "", processes: 1, env: { BOT_DASHBOARD_TOKEN: token, BOT_LOG_LEVEL: "info" } });
  const api = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${bot!.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { "content-type": "application/json" }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const ask = async (user: string) => {
    const before = emulator!.messagesTo(user).filter((m) => m.direction === "outbound-api").length;
    await emulator!.sendInbound({ from: user, to: BOT_NUMBER, body: "hello", url: `${bot!.url}/sms` });
    for (let i = 0; i < 200; i++) {
      const out = emulator!.messagesTo(user).filter((m) => m.direction === "outbound-api");
      if (out.length > before) return out.at(-1)!.body;
      await sleep(50);
    }
    throw new Error("no reply");
  };

  const first = await api("GET", "/api/versions");
  expect(first.status).toBe(200);
  expect(first.json).toMatchObject({ live: 1, versions: [{ number: 1, live: true, publishedBy: "bot run" }], process: { running: 1, live: 1, problem: null } });

  // The console reads the live version: the insights' trigger list gains version 2's trigger once it is published.
  const triggers = async () => JSON.stringify((await api("GET", "/api/insights/triggers")).json);
  expect(await triggers()).not.toContain("bye");
  fs.writeFileSync(path.join(dir, "bot.bot"), "+ hello\n- two\n\n+ bye\n- later\n\n> topic quiz\n+ *\n- q\n< topic\n");
  const published = await api("POST", "/api/versions", { message: "adds bye" });
  expect(published).toMatchObject({
    status: 201,
    json: { published: true, version: 2, previous: 1, changes: { added: ["default: bye", "quiz: *"], changed: ["default: hello"] } },
  });
  expect(await triggers()).toContain("bye");
  expect(await ask("+15550007001")).toBe("two");
  expect((await api("POST", "/api/versions", {})).json).toMatchObject({ published: false, version: 2 });

  fs.writeFileSync(path.join(dir, "bot.bot"), "+ hello (\n- three\n");
  const refused = await api("POST", "/api/versions", {});
  expect(refused.status).toBe(422);
  expect(String((refused.json["diagnostics"] as string[])[0])).toMatch(/bot\.bot:1:\d+/);

  expect(await api("POST", "/api/versions/9/live")).toMatchObject({ status: 404, json: { error: "there is no version 9", versions: [2, 1] } });
  expect((await api("POST", "/api/versions/x/live")).status).toBe(400);
  expect(await api("POST", "/api/versions/1/live")).toMatchObject({ status: 200, json: { version: 1, previous: 2, changed: true } });
  expect(await ask("+15550007002")).toBe("one");

  const ready = await fetch(`${bot.url}/readyz`);
  expect(await ready.json()).toMatchObject({ status: "ready", versions: { running: 1, live: 1, problem: null } });
  const listed = await api("GET", "/api/versions");
  expect((listed.json["history"] as { number: number; action: string; by: string }[]).map((h) => [h.number, h.action, h.by])).toEqual([
    [1, "live", "api"],
    [2, "publish", "api"],
    [1, "publish", "bot run"],
  ]);

  const dashboard = await fetch(`${bot.url}/dashboard/versions`, { headers: { authorization: `Bearer ${token}` } });
  expect(dashboard.status).toBe(200);
  const html = await dashboard.text();
  expect(html).toContain("<dt>Live version</dt><dd>1</dd>");
  expect(html).toContain("1 <strong>(live)</strong>");
  expect(html).toContain("+ default: bye");
  expect(html).toContain('action="/dashboard/versions/2/live"');
});
