/**
 * @module The operator inbox in headless Chromium against a real `bot run` (SQLite) and the emulator
 * (docs/handoff.md): driven by keyboard and labels only, an operator takes over a user the bot was
 * answering, sends a file of the bot folder from the media picker, sees the list update by itself when
 * another user asks for a person, closes one handoff and closes the other with a topic and a closing message.
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
import { BOT_NUMBER, startBot } from "../scale/load.ts";
import type { BotProcess } from "../scale/load.ts";

const TOKEN = "inbox-test-token-9d2f4b6a8c0e1a3c5e7f";
const BOB = "+15550005001";
const CAROL = "+15550005002";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const BOT = `
+ hello
- Hi there!

+ agent
- Connecting you to a person. ^notifyAgent(wants a person)

+ *
- bot answer

> topic booking
+ *
- booking for <star>
< topic
`;

let browser: Browser | null = null;
let emulator: Emulator;
let bot: BotProcess;
let dir: string;

beforeAll(async () => {
  if (!haveChromium) return;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  emulator = await startEmulator({ seed: 9, delivery: { latencyMs: 5 }, log: () => undefined });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-inbox-"));
  fs.writeFileSync(path.join(dir, "shop.bot"), BOT);
  fs.mkdirSync(path.join(dir, "media"));
  fs.writeFileSync(path.join(dir, "media", "map.png"), Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"));
  fs.writeFileSync(path.join(dir, "bot.config.yaml"), "sender:\n  type: long-code\n  segmentsPerSecond: 1000\n");
  bot = await startBot(dir, emulator, { databaseUrl: "", processes: 1, env: { BOT_DASHBOARD_TOKEN: TOKEN, BOT_LOG_LEVEL: "info" } });
  emulator.configure({ webhookUrl: `${bot.url}/sms` });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (bot) {
    const child: ChildProcess = bot.child;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await Promise.race([exited, sleep(15_000)]);
  }
  await emulator?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

const received = (to: string) => emulator.messagesTo(to).filter((m) => m.direction === "outbound-api");
async function until<T>(what: string, read: () => T, ok: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = read();
    if (ok(value)) return value;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}
const text = async (from: string, body: string) => expect((await emulator.sendInbound({ from, to: BOT_NUMBER, body })).status).toBe(200);

describe.skipIf(!haveChromium)("the operator inbox in Chromium", () => {
  it("takes over, sends a bot-folder file, updates live, closes and closes with a topic, all by label and keyboard", async () => {
    await text(BOB, "hello");
    await until(
      "Bob's answer",
      () => received(BOB),
      (r) => r.length === 1,
    );

    const context = await browser!.newContext({ locale: "en-US", timezoneId: "UTC" });
    const page = await context.newPage();
    await page.goto(new URL(`dashboard/inbox/${encodeURIComponent(BOB)}`, bot.url).toString());
    await page.getByLabel("Token").fill(TOKEN);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    await page.goto(new URL(`dashboard/inbox/${encodeURIComponent(BOB)}`, bot.url).toString());
    await page.getByText("Not handed to a person").waitFor();
    // Every form control has a label.
    const unlabeled = await page.$$eval("input:not([type=hidden]), select, textarea", (els) =>
      els
        .filter((el) => (el as unknown as { labels: ArrayLike<unknown> | null }).labels?.length === 0 && !el.getAttribute("aria-label"))
        .map((el) => el.outerHTML),
    );
    expect(unlabeled).toEqual([]);
    await page.getByRole("button", { name: "Take over" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Reply" }).waitFor();
    expect(await page.locator("#state").textContent()).toBe("active");

    // The list updates by itself when another user asks for a person.
    await page.getByRole("link", { name: "Back to the inbox" }).click();
    await page.getByRole("heading", { name: "Inbox" }).waitFor();
    await text(CAROL, "agent");
    await page.getByRole("link", { name: CAROL }).waitFor({ timeout: 20_000 });
    const rows = await page.locator("#inbox-list tbody tr").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-user")));
    expect(rows).toEqual([BOB, CAROL]);
    expect(await page.locator(`tr[data-user="${CAROL}"]`).textContent()).toContain("wants a person");

    await page.getByRole("link", { name: BOB }).click();
    await page.getByLabel("Attach a file from the bot folder").selectOption("media/map.png");
    await page.getByLabel("Message", { exact: true }).fill("Here is the way to the shop.");
    await page.getByLabel("Message", { exact: true }).press("Tab");
    await page.getByRole("button", { name: "Send" }).press("Enter");
    const mms = await until(
      "Bob's MMS",
      () => received(BOB),
      (r) => r.length === 2,
    );
    expect(mms[1]!.body).toBe("Here is the way to the shop.");
    expect(mms[1]!.mediaUrls).toHaveLength(1);
    expect(mms[1]!.mediaUrls[0]).toMatch(/\/media\/map\.png$/);

    await page.getByLabel("Return topic").selectOption("booking");
    await page.getByLabel("Closing message (optional)").fill("The bot takes your booking now.");
    await page.getByRole("button", { name: "Close with topic" }).press("Enter");
    await page.getByRole("heading", { name: "Closed" }).waitFor();
    await until(
      "Bob's closing message",
      () => received(BOB),
      (r) => r.length === 3,
    );
    await text(BOB, "friday");
    const back = await until(
      "the booking answer",
      () => received(BOB),
      (r) => r.length === 4,
    );
    expect(back.map((m) => m.body).slice(2)).toEqual(["The bot takes your booking now.", "booking for friday"]);

    await page.goto(new URL(`dashboard/inbox/${encodeURIComponent(CAROL)}`, bot.url).toString());
    await page.getByRole("button", { name: "Close", exact: true }).press("Enter");
    await page.getByRole("heading", { name: "Closed" }).waitFor();
    await page.goto(new URL("dashboard/inbox", bot.url).toString());
    await page.getByText("Nobody is waiting for a person.").waitFor();
    await context.close();
  }, 180_000);
});
