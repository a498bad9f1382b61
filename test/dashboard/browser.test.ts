/** @module The dashboard in real headless Chromium, on SQLite and on PostgreSQL: sign-in (wrong token refused), users search, message log filters, broadcast progress and report. */
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS as ARGS, haveChromium } from "../support/chromium.ts";
import type { Browser } from "playwright-core";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../broadcast/helpers.ts";
import { startBroadcastServer, STORE_KINDS, TOKEN } from "./server.ts";
import type { BroadcastServer } from "./server.ts";

if (!haveChromium) {
  describe("dashboard in Chromium", () => {
    it("needs Chromium", () => {
      if (process.env["CI"]) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium)`);
      console.warn(`skipping the dashboard browser test: ${CHROMIUM} is missing (apt-get install -y chromium)`);
    });
  });
}

let browser: Browser;
beforeAll(async () => {
  if (haveChromium) browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

describe.runIf(haveChromium).each(STORE_KINDS)("dashboard in Chromium, on %s", (store) => {
  let h: BroadcastServer;
  beforeAll(async () => {
    h = await startBroadcastServer({ users: 8, optedOut: 1, token: TOKEN, store });
    const created = await request(h.server.app)
      .post("/api/broadcasts")
      .set({ Authorization: `Bearer ${TOKEN}` })
      .send({ body: "Hi <get name>! Reply STOP to opt out" });
    expect(created.status).toBe(201);
    await waitFor(() => h.emulator.messages().filter((m) => m.direction === "outbound-api").length === 7, 20_000, "7 broadcast messages");
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it("refuses a wrong token, then shows users, messages and the broadcast report", async () => {
    const context = await browser.newContext({ locale: "en-US", timezoneId: "UTC" });
    const page = await context.newPage();
    const first = await page.goto(`${h.server.url}/dashboard/users`);
    expect(first?.status()).toBe(401);
    expect(await page.content()).not.toContain("User3");

    await page.getByLabel("Token").fill("not-the-token");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("Wrong token.").waitFor();
    expect(await page.content()).not.toContain("User3");

    await page.getByLabel("Token").fill(TOKEN);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();

    await page.getByRole("link", { name: "Users" }).click();
    await page.getByPlaceholder("number or variable value").fill("User3");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByText("1 user(s) match.").waitFor();
    const row = page.locator("tbody tr");
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toMatch(/\+1555000003\s+default\s+.*name=User3/);

    await page.getByRole("link", { name: "+1555000003" }).click();
    await page.getByRole("heading", { name: "User +1555000003" }).waitFor();
    expect(await page.locator("main").innerText()).toContain("Hi User3! Reply STOP to opt out");

    await page.goto(`${h.server.url}/dashboard/messages?type=broadcast&q=User5`);
    expect(await page.locator("tbody tr").count()).toBe(1);
    const bad = await page.goto(`${h.server.url}/dashboard/messages?since=13/45/2024`);
    expect(bad?.status()).toBe(400);
    await page.getByText(/since "13\/45\/2024" is not a time/).waitFor();

    let text = "";
    for (let i = 0; i < 100 && !/State\s+done/.test(text); i++) {
      await page.goto(`${h.server.url}/dashboard/broadcasts/1`);
      text = await page.locator("main").innerText();
      if (!/State\s+done/.test(text)) await page.waitForTimeout(100);
    }
    expect(text).toMatch(/State\s+done/);
    expect(text).toMatch(/Sent \(accepted by Twilio\)\s+7/);
    expect(text).toMatch(/Opted out \(skipped\)\s+1/);
    expect(text).toContain("No failures.");
    expect(await page.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("100");
    await context.close();
  }, 60_000);
});
