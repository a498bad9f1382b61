/**
 * @module Cross-site request forgery in real Chromium: the operator is signed in to the dashboard, and a page on
 * another port of the same host (same-site, so `SameSite=Strict` sends the cookie) auto-submits a form to
 * clear a loop-guard hold, and another to sign the operator out. Both are refused; the hold and the session stay.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { chromium } from "playwright-core";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS as ARGS, haveChromium } from "../support/chromium.ts";
import { startBroadcastServer, TOKEN } from "./server.ts";
import type { BroadcastServer } from "./server.ts";

describe.runIf(haveChromium)("dashboard forms from another port, in Chromium", () => {
  let browser: Browser;
  let h: BroadcastServer;
  let evil: http.Server;
  let evilUrl = "";
  const posted: string[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    h = await startBroadcastServer({ users: 2, optedOut: 0, token: TOKEN });
    const target = h.server.url;
    evil = http.createServer((req, res) => {
      const action = req.url === "/logout" ? "/dashboard/logout" : "/dashboard/loop-guard/clear";
      res.setHeader("content-type", "text/html");
      res.end(`<!doctype html><title>win a prize</title>
<form id="f" method="post" action="${target}${action}"><input type="hidden" name="user" value="${h.ids[0]}"></form>
<script>document.getElementById("f").submit();</script>`);
    });
    await new Promise<void>((resolve) => evil.listen(0, "127.0.0.1", resolve));
    evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
    h.server.server.on("request", (req: http.IncomingMessage) => {
      if (req.method === "POST") posted.push(String(req.url));
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
    evil?.closeAllConnections();
    await new Promise((resolve) => evil?.close(resolve));
  });

  it("refuses the other port's forms: the hold stays and the operator stays signed in", async () => {
    const user = h.ids[0]!;
    const now = Date.now();
    await h.store.loopGuard!.hold({ userId: user, rule: "identical", detail: "20 identical messages", trippedAt: now, until: now + 3_600_000 });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${h.server.url}/dashboard/`);
    await page.getByLabel("Token").fill(TOKEN);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();

    for (const path of ["/clear", "/logout"]) {
      const before = posted.length;
      const attack = await context.newPage();
      const answer = attack.waitForResponse((r) => r.url().startsWith(h.server.url) && r.request().method() === "POST");
      await attack.goto(`${evilUrl}${path}`);
      const response = await answer;
      // The form did reach the dashboard with the cookie; the dashboard refused it.
      expect(posted.length).toBeGreaterThan(before);
      expect(response.status(), path).toBe(403);
      await attack.close();
    }
    expect((await h.store.loopGuard!.latest(user))!.clearedAt).toBeNull();
    await page.goto(`${h.server.url}/dashboard/charts`);
    expect(await page.locator(`.hold[data-loop-guard="${user}"]`).count()).toBe(1);

    // The dashboard's own button still clears it.
    await page.locator(`.hold[data-loop-guard="${user}"]`).getByRole("button", { name: "Clear hold" }).click();
    await page.waitForURL(/\/conversation$/);
    expect((await h.store.loopGuard!.latest(user))!.clearedAt).not.toBeNull();
    await context.close();
  });
});
