/**
 * @module Human takeover end to end (issue 21's "Done when"): real `bot run` processes and one emulator, on
 * SQLite (one process) and PostgreSQL (two processes sharing the database, the user's messages arriving at
 * either). A user triggers ^notifyAgent and texts twice (no bot reply, both visible in the API); a broadcast
 * during the handoff skips them; an operator replies through the API and through the dashboard in Chromium
 * (the user gets both, in order; the page shows the user's next message without reloading); the operator
 * closes with a return topic and the next message is answered by that topic; in another run the user texts
 * STOP, the handoff closes, and a later agent reply gets 409 with nothing sent.
 */
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../sandbox/emulator/index.ts";
import type { Emulator } from "../../sandbox/emulator/index.ts";
import { CHROMIUM, CHROMIUM_ARGS, haveChromium } from "../support/chromium.ts";
import { dropSchema, freshSchemaUrl, testDatabaseUrl } from "../support/postgres.ts";
import { BOT_NUMBER, startBot } from "../scale/load.ts";
import type { BotProcess } from "../scale/load.ts";

const TOKEN = "handoff-test-token-3c9e1a7f5b2d8e4a6c0f";
const ALICE = "+15550003001";
const BOB = "+15550003002";
/** The fields of the API's answers this test reads. */
interface ApiBody {
  handoff?: Record<string, unknown>;
  handoffs?: unknown[];
  messages?: { origin: string; body: string }[];
  report?: { recipients: number };
  id?: unknown;
  error?: unknown;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const BOT = `
+ hello
- Hi there!

+ (agent|human|person)
- Connecting you to a person. ^notifyAgent(asked for a person)

+ *
- bot answer

> topic booking
+ *
- booking for <star>
< topic
`;

let browser: Browser | null = null;
beforeAll(async () => {
  if (haveChromium) browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

async function stop(bot: BotProcess): Promise<void> {
  const child: ChildProcess = bot.child;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(15_000).then(() => child.kill("SIGKILL"))]);
}

async function until<T>(what: string, read: () => Promise<T> | T, ok: (value: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: last ${JSON.stringify(value)}`);
    await sleep(100);
  }
}

const KINDS = ["sqlite", ...(testDatabaseUrl ? ["postgres"] : [])] as const;

describe.each(KINDS)("human takeover with real bot run processes (%s)", (kind) => {
  let emulator: Emulator;
  let bots: BotProcess[] = [];
  let dir: string;
  let schema: string | null = null;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 5, delivery: { latencyMs: 5 }, log: () => undefined });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-handoff-"));
    fs.writeFileSync(path.join(dir, "shop.bot"), BOT);
    fs.writeFileSync(path.join(dir, "bot.config.yaml"), "sender:\n  type: long-code\n  segmentsPerSecond: 1000\nhandoff:\n  returnTopic: default\n");
    let databaseUrl = "";
    if (kind === "postgres") {
      const fresh = freshSchemaUrl("handoff_e2e");
      schema = fresh.schema;
      databaseUrl = fresh.url;
    }
    const env = { BOT_DASHBOARD_TOKEN: TOKEN, BOT_LOG_LEVEL: "info" };
    // One process first (it migrates), then its peer on PostgreSQL.
    bots = [await startBot(dir, emulator, { databaseUrl, processes: 1, env })];
    if (kind === "postgres") bots.push(await startBot(dir, emulator, { databaseUrl, processes: 1, env }));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(bots.map(stop));
    await emulator?.close();
    if (schema !== null) await dropSchema(schema);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  /** The process a request goes to: the second one on PostgreSQL when asked, so work crosses processes. */
  const bot = (n: number) => bots[n % bots.length]!;
  const api = async (n: number, method: string, route: string, body?: unknown) => {
    const response = await fetch(new URL(route, bot(n).url), {
      method,
      headers: { Authorization: `Bearer ${TOKEN}`, ...(body !== undefined && { "Content-Type": "application/json" }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as ApiBody };
  };
  const user = (id: string) => `/api/handoffs/${encodeURIComponent(id)}`;
  /** Texts the bot through the emulator, delivered to process `n`. */
  const text = async (n: number, from: string, body: string) => {
    emulator.configure({ webhookUrl: `${bot(n).url}/sms` });
    const result = await emulator.sendInbound({ from, to: BOT_NUMBER, body });
    expect(result.status).toBe(200);
  };
  // In creation order: the emulator keeps messages as they were created.
  const received = (to: string) =>
    emulator
      .messagesTo(to)
      .filter((m) => m.direction === "outbound-api")
      .map((m) => m.body);
  const userMessages = async (n: number, id: string) =>
    (await api(n, "GET", user(id))).body.messages?.filter((m) => m.origin === "user").map((m) => m.body) ?? [];

  it("stands aside, carries operator replies from the API and the dashboard in order, skips broadcasts, and hands back to a topic", async () => {
    await text(0, BOB, "hello");
    await until(
      "Bob's answer",
      () => received(BOB),
      (r) => r.length === 1,
    );
    await text(0, ALICE, "agent");
    await until(
      "the handoff message",
      () => received(ALICE),
      (r) => r.length === 1,
    );
    expect(received(ALICE)).toEqual(["Connecting you to a person."]);

    await text(0, ALICE, "my order never came");
    await text(1, ALICE, "it was order 42");
    const seen = await until(
      "both messages in the API",
      () => userMessages(0, ALICE),
      (m) => m.length === 3,
    );
    expect(seen).toEqual(["agent", "my order never came", "it was order 42"]);
    const list = await api(1, "GET", "/api/handoffs?state=waiting");
    expect(list.status).toBe(200);
    expect(list.body["handoffs"]).toEqual([
      expect.objectContaining({ user: ALICE, state: "waiting", reason: "asked for a person", assignee: null, lastAgentAt: null }),
    ]);

    // A broadcast while Alice is handed off reaches Bob only.
    const created = await api(0, "POST", "/api/broadcasts", { body: "Sale today only", confirm: true });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.report?.recipients).toBe(1);
    await until(
      "Bob's broadcast",
      () => received(BOB),
      (r) => r.includes("Sale today only"),
    );

    const viaApi = await api(0, "POST", `${user(ALICE)}/messages`, { body: "Hi, this is Kim from support.", agent: "Kim" });
    expect(viaApi.status).toBe(202);
    expect(typeof viaApi.body["id"]).toBe("number");
    expect((await api(0, "POST", `${user(ALICE)}/messages`, { body: "x".repeat(1601) })).status).toBe(422);
    expect((await api(0, "POST", `${user("+15550009999")}/messages`, { body: "hi" })).status).toBe(404);

    if (browser !== null) {
      const context = await browser.newContext({ locale: "en-US", timezoneId: "UTC" });
      const page = await context.newPage();
      await page.goto(new URL("dashboard/inbox", bot(1).url).toString());
      await page.getByLabel("Token").fill(TOKEN);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: "Overview" }).waitFor();
      await page.getByRole("link", { name: "Inbox" }).click();
      await page.getByRole("heading", { name: "Inbox" }).waitFor();
      await page.getByRole("link", { name: ALICE }).click();
      await page.getByRole("heading", { name: `Conversation with ${ALICE}` }).waitFor();
      await page.getByText("it was order 42").waitFor();
      // Live: the user's next message shows without reloading (it reaches the other process on PostgreSQL).
      await text(0, ALICE, "hello? anyone?");
      await page.locator("#messages").getByText("hello? anyone?").waitFor({ timeout: 20_000 });
      await page.getByLabel("Your name").fill("Lee");
      await page.getByLabel("Message", { exact: true }).fill("Lee here: your parcel ships today.");
      await page.getByRole("button", { name: "Send" }).click();
      await page.getByRole("heading", { name: `Conversation with ${ALICE}` }).waitFor();
      await context.close();
    } else {
      await text(0, ALICE, "hello? anyone?");
      expect((await api(1, "POST", `${user(ALICE)}/messages`, { body: "Lee here: your parcel ships today.", agent: "Lee" })).status).toBe(202);
    }
    await until(
      "both operator replies",
      () => received(ALICE),
      (r) => r.length === 3,
    );
    expect(received(ALICE)).toEqual(["Connecting you to a person.", "Hi, this is Kim from support.", "Lee here: your parcel ships today."]);
    const view = await api(1, "GET", user(ALICE));
    expect(view.body["handoff"]).toMatchObject({ state: "active", assignee: "Kim", userMessages: 3, agentMessages: 2 });

    expect((await api(1, "POST", `${user(ALICE)}/close`, { returnTopic: "nowhere" })).status).toBe(422);
    const closed = await api(1, "POST", `${user(ALICE)}/close`, { returnTopic: "booking" });
    expect(closed.status).toBe(200);
    expect(closed.body["handoff"]).toMatchObject({ state: "closed", closedBy: "operator", returnTopic: "booking" });
    await text(0, ALICE, "friday");
    await until(
      "the booking topic's answer",
      () => received(ALICE),
      (r) => r.length === 4,
    );
    expect(received(ALICE).at(-1)).toBe("booking for friday");
    expect(received(ALICE)).not.toContain("Sale today only");
  }, 240_000);

  it("in another run, STOP closes the handoff and a later agent reply is refused with 409, nothing sent", async () => {
    await text(1, BOB, "person");
    await until(
      "the handoff message",
      () => received(BOB),
      (r) => r.at(-1) === "Connecting you to a person.",
    );
    expect((await api(0, "GET", user(BOB))).body["handoff"]).toMatchObject({ state: "waiting" });
    await text(1, BOB, "STOP");
    await until(
      "the handoff closed by STOP",
      async () => (await api(0, "GET", user(BOB))).body["handoff"]?.closedBy,
      (c) => c === "stop",
    );
    const before = received(BOB).length;
    const refused = await api(0, "POST", `${user(BOB)}/messages`, { body: "Are you still there?" });
    expect(refused.status).toBe(409);
    expect(String(refused.body["error"])).toMatch(/closed/);
    await sleep(1500);
    expect(received(BOB).length).toBe(before);
    expect(received(BOB)).not.toContain("Are you still there?");
  }, 120_000);
});
