/**
 * The dashboard's broadcast form (issue 27, item 2) in real headless Chromium: body and a segment filter, a dry-run
 * preview (audience, segments, cost), then the send, which the runtime's broadcast worker delivers through the
 * emulator; nothing is created by a preview. One store (SQLite): the form only calls the broadcast service, whose
 * PostgreSQL path the API tests cover.
 */
import { chromium } from "playwright-core";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../broadcast/helpers.ts";
import { startBroadcastServer, TOKEN } from "../dashboard/server.ts";
import type { BroadcastServer } from "../dashboard/server.ts";
import { CHROMIUM, CHROMIUM_ARGS, haveChromium } from "../support/chromium.ts";

let browser: Browser | undefined;
let h: BroadcastServer | undefined;
beforeAll(async () => {
  if (!haveChromium) return;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  h = await startBroadcastServer({ users: 8, optedOut: 1, token: TOKEN, store: "sqlite" });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe.runIf(haveChromium)("the broadcast form in Chromium", () => {
  it("previews a filtered broadcast, then sends it on confirmation", async () => {
    const page = await browser!.newPage();
    await page.goto(`${h!.server.url}/dashboard/broadcasts`);
    await page.getByLabel("Token").fill(TOKEN);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    await page.goto(`${h!.server.url}/dashboard/broadcasts`);
    await page.getByRole("link", { name: "New broadcast" }).click();

    await page.getByLabel("Message").fill("Hi <get name>! Spring sale today. Reply STOP to opt out");
    await page.getByLabel(/Audience filters/).fill("_fromCountry = US");
    await page.getByRole("button", { name: "Preview" }).click();
    const preview = await page.locator("#preview").innerText();
    expect(preview).toMatch(/audience {5}4 user\(s\) match; \d opted out \(excluded\); \d recipient\(s\)/);
    expect(preview).toMatch(/segments {5}\d+ in all/);
    expect(preview).toMatch(/cost {9}~\$\d/);
    const recipients = Number(/(\d) recipient\(s\)/.exec(preview)![1]);
    expect(await h!.broadcasting.service!.broadcasts.list()).toEqual([]);

    await page.getByRole("button", { name: `Send to ${recipients} recipient(s)` }).click();
    await page.waitForURL(/\/dashboard\/broadcasts\/1$/);
    const [created] = await h!.broadcasting.service!.broadcasts.list();
    expect(created).toMatchObject({ id: 1, recipients, origin: "api", filters: ["_fromCountry = US"] });
    await waitFor(() => h!.emulator.messages().filter((m) => m.direction === "outbound-api").length === recipients, 20_000, `${recipients} messages`);
    await page.close();
  }, 60_000);
});
