/**
 * @module Web pages as attackers, in real headless Chromium: a page on another origin cannot read the
 * emulator's control API (its auth token, conversations) or inject a message through it, and a
 * `javascript:` media URL in a conversation is shown by the simulator as text, never as a link.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS as ARGS, haveChromium } from "../support/chromium.ts";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox } from "./sandbox.ts";
import type { Sandbox } from "./sandbox.ts";

if (!haveChromium && process.env["CI"]) {
  describe("hostile pages in Chromium", () => {
    it("needs Chromium", () => {
      throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium)`);
    });
  });
}

describe.skipIf(!haveChromium)("hostile pages in Chromium", () => {
  let browser: Browser;
  let sb: Sandbox;
  let evil: http.Server;
  let evilUrl = "";

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    sb = await startSandbox("faq");
    // A page on another loopback port, as any web site the developer happens to have open.
    evil = http.createServer((_req, res) => {
      res.setHeader("content-type", "text/html");
      res.end(`<!doctype html><title>evil</title><script>
        (async () => {
          const target = ${JSON.stringify(sb.emulator.url)};
          const out = {};
          try { const r = await fetch(target + "/_emulator"); out.read = await r.text(); } catch (e) { out.read = "blocked: " + e.name; }
          try { const r = await fetch(target + "/_emulator/messages"); out.messages = await r.text(); } catch (e) { out.messages = "blocked: " + e.name; }
          try {
            await fetch(target + "/_emulator/inbound", { method: "POST", mode: "no-cors", headers: { "Content-Type": "text/plain" }, body: JSON.stringify({ from: "+15550009999", to: "+15005550006", body: "injected" }) });
            out.inject = "sent";
          } catch (e) { out.inject = "blocked: " + e.name; }
          document.title = "done";
          document.body.textContent = JSON.stringify(out);
        })();
      </script>`);
    });
    await new Promise<void>((resolve) => evil.listen(0, "127.0.0.1", resolve));
    evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await sb?.close();
    evil?.closeAllConnections();
    await new Promise((resolve) => evil?.close(resolve));
  });

  it("a page on another origin reads nothing from /_emulator and injects nothing", async () => {
    const page = await browser.newPage();
    await page.goto(evilUrl);
    await page.waitForFunction("document.title === 'done'");
    const out = JSON.parse(await page.locator("body").innerText()) as Record<string, string>;
    expect(out["read"]).toMatch(/^blocked/);
    expect(out["messages"]).toMatch(/^blocked/);
    expect(JSON.stringify(out)).not.toContain(sb.emulator.authToken);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sb.emulator.messages().filter((m) => m.body === "injected")).toEqual([]);
    await page.close();
  });

  it("shows a javascript: media URL as text, not as a link", async () => {
    await sb.emulator.sendInbound({ from: "+15550004444", to: "+15005550006", body: "look", mediaUrls: ["javascript:alert(document.domain)"] });
    const page = await browser.newPage();
    await page.goto(`${sb.pageUrl}?phone=${encodeURIComponent("+15550004444")}`);
    await page.getByLabel("Your number").fill("+15550004444");
    await page.getByLabel("Your number").press("Enter");
    const unsafe = page.locator(".media .unsafe", { hasText: "javascript:alert(document.domain)" });
    await unsafe.waitFor();
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await page.locator('img[src^="javascript:"]').count()).toBe(0);
    await page.close();
  });
});
