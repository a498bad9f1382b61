/** @module The dashboard's charts in real headless Chromium for a scripted broadcast: per-minute and per-hour traffic, delivery rate, failures by code with their meaning, the sender meter, the broadcast's progress, a conversation's bubbles with status history, and a loop-guard hold cleared from the page. */
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS as ARGS, haveChromium } from "../support/chromium.ts";
import { repo, waitFor } from "../broadcast/helpers.ts";
import { startBroadcastServer, TOKEN } from "./server.ts";
import type { BroadcastServer } from "./server.ts";

/** Screenshots, one per page, for a person to look at (test-results/ is not committed). */
const ARTEFACTS = path.join(repo, "test-results", "dashboard-charts");

if (!haveChromium) {
  describe("dashboard charts in Chromium", () => {
    it("needs Chromium", () => {
      if (process.env["CI"]) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium)`);
      console.warn(`skipping the dashboard charts test: ${CHROMIUM} is missing (apt-get install -y chromium)`);
    });
  });
}

let browser: Browser;
let h: BroadcastServer;
beforeAll(async () => {
  if (!haveChromium) return;
  fs.mkdirSync(ARTEFACTS, { recursive: true });
  // 8 users, the first opted out: 7 recipients. Two of them fail at the carrier with different codes.
  h = await startBroadcastServer({ users: 8, optedOut: 1, token: TOKEN });
  h.emulator.configure({
    delivery: {
      ...h.emulator.behavior().delivery,
      failures: { [h.ids[1]!]: { status: "undelivered", errorCode: 30003 }, [h.ids[2]!]: { status: "failed", errorCode: 30006 } },
    },
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const created = await request(h.server.app)
    .post("/api/broadcasts")
    .set({ Authorization: `Bearer ${TOKEN}` })
    .send({ body: "Hi <get name>! Reply STOP to opt out" });
  expect(created.status).toBe(201);
  await waitFor(() => h.emulator.messages().filter((m) => m.direction === "outbound-api").length === 7, 20_000, "7 broadcast messages");
  await h.emulator.settle();
  // Every message has its final status in the log (callbacks applied).
  for (let i = 0; i < 200; i++) {
    const finals = (await h.store.listMessages({ direction: "out" })).filter((m) => ["delivered", "undelivered", "failed"].includes(m.status ?? ""));
    if (finals.length === 7) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  for (let i = 0; i < 200 && (await h.broadcasting.service!.broadcasts.get(1))?.state !== "done"; i++) await new Promise((resolve) => setTimeout(resolve, 50));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function open(name: string, url: string): Promise<Page> {
  const context = await browser.newContext({ locale: "en-US", timezoneId: "UTC", extraHTTPHeaders: { Authorization: `Bearer ${TOKEN}` } });
  const page = await context.newPage();
  const response = await page.goto(`${h.server.url}${url}`);
  expect(response?.status(), url).toBe(200);
  await page.screenshot({ path: path.join(ARTEFACTS, `${name}.png`), fullPage: true });
  return page;
}

const attr = (page: Page, selector: string, name: string) => page.locator(selector).first().getAttribute(name);
const sumOf = async (page: Page, selector: string) =>
  (await page.locator(selector).evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-value"))))).reduce((a, b) => a + b, 0);

describe.runIf(haveChromium)("dashboard charts in Chromium", () => {
  it("the charts page counts the broadcast: 5 delivered, 2 failed (30003, 30006 explained), 7 segments against the short code's rate", async () => {
    const page = await open("charts", "/dashboard/charts");
    for (const chart of ["per-minute", "per-hour"]) {
      expect(await attr(page, `svg#${chart}`, "data-total-delivered"), chart).toBe("5");
      expect(await attr(page, `svg#${chart}`, "data-total-failed"), chart).toBe("2");
      expect(await attr(page, `svg#${chart}`, "data-total-sent"), chart).toBe("0");
      // The bars hold the same numbers as the totals, and all of them sit in one bucket.
      expect(await sumOf(page, `svg#${chart} rect.mark[data-series="delivered"]`)).toBe(5);
      expect(await page.locator(`svg#${chart} rect.mark:not(.empty)`).count()).toBe(2);
    }
    expect(await page.locator("svg#per-minute rect.mark").count()).toBe(60 * 3);
    expect(await page.locator("svg#per-hour rect.mark").count()).toBe(24 * 3);
    expect(await attr(page, "#delivery-rate", "data-rate")).toBe((5 / 7).toFixed(4));
    expect(await page.locator("#delivery-rate").innerText()).toContain("71.4%");
    expect(await attr(page, "svg#sender-meter", "data-total-segments")).toBe("7");
    expect(await attr(page, "svg#sender-meter line.limit", "data-value")).toBe(String(100 * 60));
    expect(await page.locator('span[data-code="30003"]').getAttribute("data-count")).toBe("1");
    expect(await page.locator('span[data-code="30006"]').getAttribute("data-count")).toBe("1");
    expect(await page.locator("svg#failures-by-code rect.mark").count()).toBe(2);
    const text = await page.locator("main").innerText();
    expect(text).toMatch(/30003\s+1\s+Unreachable destination handset/i);
    expect(text).toMatch(/30006\s+1\s+Landline or unreachable carrier/i);
  });

  it("a broadcast's progress: 7 points on the sent line and the finish marker at its end", async () => {
    const record = (await h.broadcasting.service!.broadcasts.get(1))!;
    expect(record.state).toBe("done");
    const page = await open("broadcast-progress", "/dashboard/broadcasts/1/chart");
    const points = await page
      .locator('svg#broadcast-progress circle.point[data-series="sent"]')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-value"))));
    expect(points).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await attr(page, 'svg#broadcast-progress line.marker[data-marker="finished"]', "data-at")).toBe(String(record.finishedAt));
    expect(await attr(page, "#projected-finish", "data-finish")).toBe(String(record.finishedAt));
  });

  it("a conversation shows bubbles with each message's status history, failures in red", async () => {
    const page = await open("conversation", `/dashboard/users/${encodeURIComponent(h.ids[1]!)}/conversation`);
    const bubble = page.locator('.bubble.out[data-type="broadcast"]');
    expect(await bubble.count()).toBe(1);
    expect(await bubble.getAttribute("data-status")).toBe("undelivered");
    expect((await bubble.getAttribute("data-history"))!.split(",").at(-1)).toBe("undelivered");
    expect(await bubble.getAttribute("class")).toContain("failed");
    expect(await bubble.innerText()).toMatch(/Hi User1! Reply STOP to opt out[\s\S]*undelivered[\s\S]*30003/);
    const color = await bubble.evaluate(
      (e) => (globalThis as unknown as { getComputedStyle: (el: unknown) => { backgroundColor: string } }).getComputedStyle(e).backgroundColor,
    );
    expect(color).toBe("rgb(204, 51, 51)");
    const ok = await open("conversation-delivered", `/dashboard/users/${encodeURIComponent(h.ids[3]!)}/conversation`);
    expect(await ok.locator(".bubble.out").getAttribute("data-status")).toBe("delivered");
    expect(
      await ok
        .locator(".bubble.out")
        .evaluate((e) => (globalThis as unknown as { getComputedStyle: (el: unknown) => { backgroundColor: string } }).getComputedStyle(e).backgroundColor),
    ).toBe("rgb(11, 132, 255)");
  });

  it("flags a loop-guard hold and clears it from the page", async () => {
    const user = h.ids[4]!;
    const now = Date.now();
    await h.store.loopGuard!.hold({
      userId: user,
      rule: "identical",
      detail: "20 identical messages within 5 min (limit 20)",
      trippedAt: now,
      until: now + 300_000,
    });
    const page = await open("loop-guard-hold", "/dashboard/charts");
    const flag = page.locator(`.hold[data-loop-guard="${user}"]`);
    expect(await flag.getAttribute("data-rule")).toBe("identical");
    expect(await flag.innerText()).toContain("20 identical messages within 5 min");
    await flag.getByRole("button", { name: "Clear hold" }).click();
    await page.waitForURL(/\/conversation$/);
    expect(await page.locator(".hold").count()).toBe(0);
    expect((await h.store.loopGuard!.latest(user))!.clearedAt).not.toBeNull();
    expect(await h.store.loopGuard!.active(Date.now())).toEqual([]);
  });
});
