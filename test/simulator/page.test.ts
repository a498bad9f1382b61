/** @module The phone simulator page in real headless Chromium against a real sandbox: typing, live replies, a delayed part, media, badges. */
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS as ARGS, haveChromium } from "../support/chromium.ts";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repo, startSandbox } from "./sandbox.ts";
import type { Sandbox } from "./sandbox.ts";

const RESULTS = path.join(repo, "test-results");

// CI must run the browser test; a developer machine without Chromium may skip it.
if (!haveChromium && process.env["CI"]) {
  describe("phone simulator in Chromium", () => {
    it("needs Chromium", () => {
      throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium); .ci/run does this`);
    });
  });
}

let browser: Browser;
async function openPage(sb: Sandbox): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 760, height: 980 }, locale: "en-US", timezoneId: "UTC" });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`${message.text()} (${message.location().url})`);
  });
  await page.goto(sb.pageUrl);
  await page.locator("#connection", { hasText: "live" }).waitFor();
  (page as Page & { problems?: string[] }).problems = problems;
  return { context, page };
}

async function usePhone(page: Page, phone: string): Promise<void> {
  await page.getByLabel("Your number").fill(phone);
  await page.getByLabel("Your number").press("Enter");
  await page.locator("#thread-number", { hasText: phone }).waitFor();
  await page.locator("#connection", { hasText: "live" }).waitFor();
}

async function text(page: Page, body: string): Promise<void> {
  const draft = page.getByLabel("Message", { exact: true });
  await draft.fill(body);
  await draft.press("Enter");
}

const bot = (page: Page, hasText: string | RegExp) => page.locator(".bubble.out", { hasText });
const mine = (page: Page, hasText: string | RegExp) => page.locator(".bubble.in", { hasText });

describe.skipIf(!haveChromium)("phone simulator in Chromium", () => {
  beforeAll(async () => {
    fs.mkdirSync(RESULTS, { recursive: true });
    // launch() gives every run a fresh temporary profile (user-data dir) and removes it on close.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  describe("the FAQ bot", () => {
    let sb: Sandbox;
    beforeAll(async () => {
      sb = await startSandbox("faq");
    });
    afterAll(async () => {
      await sb?.close();
    });

    it("shows replies live with segments, encoding and status, and a delayed part after the typing indicator", async () => {
      const { context, page } = await openPage(sb);
      try {
        await usePhone(page, "+15550200001");
        await text(page, "hello");
        await mine(page, "hello").waitFor();
        const greeting = bot(page, "Hi! I'm Bakerbot, the Corner Bakery text assistant.");
        await greeting.locator(".status", { hasText: "delivered" }).waitFor();
        expect(await greeting.locator(".segments").textContent()).toBe("1 segment · GSM-7");
        expect(await mine(page, "hello").locator(".status").textContent()).toBe("received");

        // Shift+Enter adds a line instead of sending.
        const draft = page.getByLabel("Message", { exact: true });
        await draft.fill("two");
        await draft.press("Shift+Enter");
        await draft.type("lines");
        expect(await draft.inputValue()).toBe("two\nlines");
        await draft.fill("");

        await text(page, "delivery");
        await bot(page, "Let me check today's drivers...").waitFor();
        // The second part waits for the runtime's clock: the page says the bot is still typing.
        await page.locator("#typing:not([hidden])", { hasText: "1 more part" }).waitFor();
        expect(await bot(page, "Good news").count()).toBe(0);
        await page.screenshot({ path: path.join(RESULTS, "simulator-typing.png") });
        sb.clock.advance(2_000);
        const later = bot(page, "Good news: we deliver within 3 miles, free over $20.");
        await later.waitFor();
        await page.locator("#typing").waitFor({ state: "hidden" });
        expect(await later.locator(".gap").textContent()).toMatch(/^\+\d+\.\d s$/);
        expect(await later.locator("time").getAttribute("datetime")).toMatch(/^\d{4}-\d\d-\d\dT/);

        await text(page, "Olá! Até já 👍");
        await mine(page, "Olá! Até já").locator(".segments", { hasText: "1 segment · UCS-2" }).waitFor();
        await bot(page, "Sorry, I didn't catch that.").waitFor();
        expect(await page.locator("#messages .bubble").count()).toBe(7);
        expect((page as Page & { problems?: string[] }).problems).toEqual([]);
        await page.screenshot({ path: path.join(RESULTS, "simulator.png"), fullPage: true });
      } finally {
        await context.close();
      }
    }, 60_000);

    it("says who answers HELP, and that an opted-out number gets nothing until START", async () => {
      const { context, page } = await openPage(sb);
      try {
        await usePhone(page, "+15550200003");
        await text(page, "help");
        await page.locator(".note", { hasText: "HELP is answered by Twilio with the number's help text" }).waitFor();
        await text(page, "STOP");
        await page.locator(".note", { hasText: "You opted out" }).waitFor();
        await text(page, "hours");
        await page.locator(".note", { hasText: "the user is opted out" }).waitFor();
        expect(await page.locator(".bubble.out").count()).toBe(0);
      } finally {
        await context.close();
      }
    }, 60_000);

    it("keeps each number's conversation apart and reloads it", async () => {
      const { context, page } = await openPage(sb);
      try {
        // The page remembers the last number, so it opens on the earlier conversation.
        await usePhone(page, "+15550200002");
        expect(await page.locator("#messages .bubble").count()).toBe(0);
        await text(page, "hours");
        await bot(page, "We're open 7am-6pm").waitFor();
        await usePhone(page, "+15550200001");
        await bot(page, "Good news").waitFor();
        expect(await bot(page, "We're open 7am-6pm").count()).toBe(0);
      } finally {
        await context.close();
      }
    }, 60_000);
  });

  describe("the contact-card bot", () => {
    let sb: Sandbox;
    beforeAll(async () => {
      sb = await startSandbox("contact-card");
    });
    afterAll(async () => {
      await sb?.close();
    });

    it("shows an image inline and a .vcf contact card as a link", async () => {
      const { context, page } = await openPage(sb);
      try {
        await usePhone(page, "+15550200003");
        await text(page, "hello");
        await bot(page, "Text CARD to save our contact details").waitFor();
        await text(page, "both");
        const reply = bot(page, "Our card and logo.");
        await reply.locator(".status", { hasText: "delivered" }).waitFor();
        const image = reply.getByRole("img", { name: "Image: logo.png" });
        await image.waitFor();
        // The image really loaded from the runtime's /media route (a broken image has no natural width).
        const sid = await reply.getAttribute("data-sid");
        await page.waitForFunction(
          `(() => { const img = document.querySelector('[data-sid="${sid}"] img'); return img !== null && img.complete && img.naturalWidth > 0; })()`,
        );
        const card = reply.getByRole("link", { name: "card.vcf" });
        const href = await card.getAttribute("href");
        expect(href).toBe(`${sb.server.url}/media/card.vcf`);
        const vcf = await fetch(href!);
        expect(vcf.status).toBe(200);
        expect(await vcf.text()).toMatch(/^BEGIN:VCARD/);
        await text(page, "logo");
        await bot(page, "This is us.").getByRole("img", { name: "Image: logo.png" }).waitFor();
        expect((page as Page & { problems?: string[] }).problems).toEqual([]);
        await page.screenshot({ path: path.join(RESULTS, "simulator-media.png"), fullPage: true });
      } finally {
        await context.close();
      }
    }, 60_000);
  });
});
