/**
 * @module The simulator's API on the bot's port guards like the emulator's control API: a DNS-rebinding page
 * (`Host: attacker.example`), a page on another origin (`Origin`) or a browser-marked cross-site or same-site
 * request reads no conversation and texts the bot as nobody, unless it carries the emulator's token; the
 * page's own same-origin requests and local tools still work.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOT_NUMBER, startSandbox } from "./sandbox.ts";
import type { Sandbox } from "./sandbox.ts";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox("faq");
});
afterAll(async () => {
  await sb?.close();
});

const VICTIM = "+15550107777";

/** Raw HTTP, so the Host header is exactly what a rebinding page's browser would send. */
function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  const url = new URL(sb.server.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path, headers: { ...(body && { "content-type": "application/json" }), ...headers } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const own = () => new URL(sb.server.url).host;
const sendBody = (from: string) => JSON.stringify({ from, body: "hours" });

describe("simulator API: local callers only", () => {
  beforeAll(async () => {
    await sb.emulator.sendInbound({ from: VICTIM, to: BOT_NUMBER, body: "your code is 424242" });
  });

  const hostile: [string, Record<string, string>][] = [
    ["a DNS-rebinding Host", { host: "attacker.example" }],
    ["a rebinding Host that starts like loopback", { host: "127.0.0.1.attacker.example:3000" }],
    ["a foreign Origin", { origin: "http://evil.example" }],
    ["a page on another loopback port", { origin: "http://127.0.0.1:1" }],
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site: same-site", { "sec-fetch-site": "same-site" }],
  ];

  it.each(hostile)("refuses %s with 403 on messages, send, pending and events", async (_name, headers) => {
    for (const [method, path, body] of [
      ["GET", `/simulator/api/messages?phone=${encodeURIComponent(VICTIM)}`, undefined],
      ["POST", "/simulator/api/send", sendBody(VICTIM)],
      ["GET", `/simulator/api/pending?phone=${encodeURIComponent(VICTIM)}`, undefined],
      ["GET", `/simulator/api/events?phone=${encodeURIComponent(VICTIM)}`, undefined],
      ["GET", "/simulator/api/config", undefined],
    ] as const) {
      const res = await raw(method, path, { host: own(), ...headers }, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.text).not.toContain("424242");
      expect(JSON.parse(res.text).error).toMatch(/local tools only/);
    }
    expect(sb.emulator.messages().filter((m) => m.from === VICTIM && m.body === "hours")).toEqual([]);
    expect(sb.logs().some((line) => /local-only rule/.test(String(line["msg"])))).toBe(true);
  });

  it("lets the same requests through with the emulator's token", async () => {
    const res = await raw("GET", `/simulator/api/messages?phone=${encodeURIComponent(VICTIM)}`, {
      host: "attacker.example",
      authorization: `Bearer ${sb.emulator.authToken}`,
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain("424242");
    const wrong = await raw("GET", `/simulator/api/messages?phone=${encodeURIComponent(VICTIM)}`, { host: "attacker.example", authorization: "Bearer nope" });
    expect(wrong.status).toBe(403);
  });

  it("serves the page's own same-origin requests and local tools", async () => {
    const sameOrigin = await raw(
      "POST",
      "/simulator/api/send",
      { host: own(), origin: sb.server.url, "sec-fetch-site": "same-origin" },
      sendBody("+15550107778"),
    );
    expect(sameOrigin.status).toBe(200);
    const localhost = await raw("GET", "/simulator/api/config", {
      host: `localhost:${new URL(sb.server.url).port}`,
      origin: `http://localhost:${new URL(sb.server.url).port}`,
    });
    expect(localhost.status).toBe(200);
    const curl = await raw("GET", `/simulator/api/messages?phone=${encodeURIComponent(VICTIM)}`, { host: own() });
    expect(curl.status).toBe(200);
  });
});
