/**
 * @module Export and erasure on a real `bot run` (SQLite, and PostgreSQL when TEST_DATABASE_URL is set), through
 * the HTTP API and the CLI: a user who texted STOP is exported, erased, then left out of a broadcast audience and,
 * texting again, treated as a new user whose opt-out comes from the suppression record (no answer until START).
 * The CLI refuses a malformed number (exit 2) and an unknown one (exit 1, nothing changed).
 */
import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { BOT_NUMBER, sleep, startBot, startRig } from "../scale/load.ts";
import type { BotProcess, RigOptions, ScaleRig } from "../scale/load.ts";
import { BOT_SOURCE } from "../support/cli.ts";
import { dropSchema, freshSchemaUrl, testDatabaseUrl } from "../support/postgres.ts";

const TOKEN = "personal-data-test-token-0123456789abcdef";
const USER = "+15557100001";
const OTHER = "+15557100002";
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !ok(); i++) await sleep(50);
  if (!ok()) throw new Error(`gave up waiting for ${what}`);
}

const stores = [{ name: "sqlite" }, ...(testDatabaseUrl ? [{ name: "postgres" }] : [])];

describe.each(stores)("personal data on bot run ($name)", ({ name }) => {
  it("exports and erases a user; an erased opted-out user stays opted out", { timeout: 180_000 }, async () => {
    let databaseUrl = "";
    if (name === "postgres") {
      const fresh = freshSchemaUrl("personal");
      databaseUrl = fresh.url;
      cleanups.push(() => dropSchema(fresh.schema));
    }
    const options: RigOptions = { databaseUrl, processes: 0, env: { BOT_DASHBOARD_TOKEN: TOKEN } };
    const rig: ScaleRig = await startRig(options);
    cleanups.push(() => rig.close());
    const bot: BotProcess = await startBot(rig.botDir, rig.emulator, { ...options, processes: 1 });
    rig.processes.push(bot);
    const { emulator } = rig;
    const text = async (from: string, body: string) => {
      const sent = await emulator.sendInbound({ from, to: BOT_NUMBER, body, url: `${bot.url}/sms` });
      expect(sent.status).toBe(200);
    };
    const replies = (to: string) => emulator.messagesTo(to).filter((m) => m.direction === "outbound-api");
    // A kept-alive connection the server closed while the CLI ran can fail once: that request is sent again.
    const api = async (method: string, path: string, body?: unknown): Promise<Response> => {
      const init = {
        method,
        headers: { Authorization: `Bearer ${TOKEN}`, ...(body !== undefined && { "Content-Type": "application/json" }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      };
      try {
        return await fetch(`${bot.url}/api${path}`, init);
      } catch {
        return fetch(`${bot.url}/api${path}`, init);
      }
    };
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [...BOT_SOURCE, "users", ...args], {
        encoding: "utf8",
        timeout: 60_000,
        env: {
          PATH: process.env["PATH"] ?? "",
          HOME: process.env["HOME"] ?? "",
          ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { BOT_DB: `${rig.botDir}/.bot/bot.db` }),
        },
      });

    await text(USER, "m 1");
    await text(OTHER, "m 1");
    await until("the replies", () => replies(USER).length === 2 && replies(OTHER).length === 2);
    await text(USER, "STOP");
    // The STOP is run right after its webhook; a second to be sure it committed.
    await sleep(1000);

    const dashboard = async (path: string) => {
      const init = { headers: { Authorization: `Bearer ${TOKEN}` } };
      const response = await fetch(`${bot.url}/dashboard${path}`, init).catch(() => fetch(`${bot.url}/dashboard${path}`, init));
      return { status: response.status, html: await response.text() };
    };
    const userPage = await dashboard(`/users/${encodeURIComponent(USER)}`);
    expect(userPage.html).toContain("<h2>Consent</h2>");
    expect(userPage.html).toMatch(/STOP[^<]*texted an opt-out keyword/);

    const exported = await api("GET", `/users/${encodeURIComponent(USER)}/export`);
    expect(exported.status).toBe(200);
    const document = (await exported.json()) as { messages: { body: string; direction: string }[]; consent: { source: string; sid: string | null }[] };
    expect(document.messages.filter((m) => m.direction === "in").map((m) => m.body)).toEqual(["m 1", "STOP"]);
    expect(document.consent.map((c) => c.source)).toEqual(["STOP"]);
    expect(document.consent[0]!.sid).toMatch(/^SM[0-9a-f]{32}$/);

    // The CLI: a malformed number is bad usage; an unknown one changes nothing.
    expect(cli("erase", rig.botDir, "5557100001", "--yes").status).toBe(2);
    const unknown = cli("erase", rig.botDir, "+15557199999", "--yes");
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("no user +15557199999");
    const viaCli = cli("export", rig.botDir, USER);
    expect(viaCli.status).toBe(0);
    expect((JSON.parse(viaCli.stdout) as { userId: string }).userId).toBe(USER);

    const erased = await api("DELETE", `/users/${encodeURIComponent(USER)}`);
    expect(erased.status).toBe(200);
    const erasedBody = (await erased.json()) as { erasedAs: string };
    expect(erasedBody).toMatchObject({ erased: true, suppressed: true });
    expect((await api("GET", `/users/${encodeURIComponent(USER)}/export`)).status).toBe(404);
    expect((await api("DELETE", `/users/${encodeURIComponent(USER)}`)).status).toBe(404);
    const logs = (await (await api("GET", "/logs?limit=100")).json()) as { messages: { userId?: string; user?: string; body: string }[] };
    expect(JSON.stringify(logs)).not.toContain(USER);
    expect(JSON.stringify(logs)).toContain("erased:");
    // The dashboard: the number is gone; the erased user's page keeps statuses and the ledger.
    expect((await dashboard(`/users/${encodeURIComponent(USER)}`)).status).toBe(404);
    const erasedPage = await dashboard(`/users/${encodeURIComponent(erasedBody.erasedAs)}`);
    expect(erasedPage.status).toBe(200);
    expect(erasedPage.html).toContain("was <strong>erased</strong>");
    expect(erasedPage.html).not.toContain(USER);
    expect((await dashboard("/messages")).html).not.toContain(USER);

    // Texting again: a new user, opted out from the suppression record, so no answer; left out of a broadcast.
    const before = replies(USER).length;
    await text(USER, "m 2");
    await sleep(1500);
    expect(replies(USER).length).toBe(before);
    const plan = (await (await api("POST", "/broadcasts/dry-run", { body: "news" })).json()) as { report: { recipients: number; optedOut: number } };
    expect(plan.report).toMatchObject({ recipients: 1, optedOut: 1 });
    // START opts in again, recorded in the ledger with its sid; then the bot answers.
    await text(USER, "START");
    await sleep(1000);
    await text(USER, "m 3");
    await until("the answer after START", () => replies(USER).some((m) => m.body === "r3 a"));
    const after = (await (await api("GET", `/users/${encodeURIComponent(USER)}/export`)).json()) as { consent: { source: string }[] };
    expect(after.consent.map((c) => c.source)).toEqual(["START"]);
  });
});
