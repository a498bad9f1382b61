/** @module The `/_emulator` HTTP API another process (crash tests, the phone simulator) drives the emulator with. */
import http from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RestException } from "twilio";
import { FROM, TO, startPair, startReceiver, type Pair, type Receiver } from "./helpers.ts";

let pair: Pair;
let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
  pair = await startPair({ webhookUrl: `${receiver.url}/sms` });
});
afterEach(async () => {
  await pair.close();
  await receiver.close();
});

/** What the control API answers, loosely typed: an object or a list of objects; each test reads the fields it checks. */
type ControlJson = Record<string, unknown> & Record<string, unknown>[];

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: ControlJson }> {
  const response = await fetch(`${pair.emulator.url}/_emulator${path}`, {
    method,
    ...(body !== undefined && { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

describe("/_emulator", () => {
  it("GET / describes the account and behaviour", async () => {
    const { json } = await call("GET", "/");
    expect(json).toMatchObject({ url: pair.emulator.url, accountSid: pair.emulator.accountSid, authToken: pair.emulator.authToken });
    expect(json).toHaveProperty("behavior.webhookUrl", `${receiver.url}/sms`);
  });

  it("lists messages, filtered by recipient or by phone (both directions)", async () => {
    await pair.client.messages.create({ to: TO, from: FROM, body: "out" });
    await pair.client.messages.create({ to: "+14155550111", from: FROM, body: "other" });
    await call("POST", "/inbound", { from: TO, to: FROM, body: "in" });
    expect((await call("GET", "/messages")).json).toHaveLength(3);
    expect((await call("GET", `/messages?to=${encodeURIComponent(TO)}`)).json.map((m) => m["body"])).toEqual(["out"]);
    expect((await call("GET", `/messages?phone=${encodeURIComponent(TO)}`)).json.map((m) => m["body"])).toEqual(["out", "in"]);
    const sid = String((await call("GET", "/messages")).json[0]?.["sid"]);
    expect((await call("GET", `/messages/${sid}`)).json.sid).toBe(sid);
    expect((await call("GET", "/messages/SMnope")).status).toBe(404);
  });

  it("POST /inbound sends a signed webhook and returns its answer", async () => {
    receiver.respond({ contentType: "text/xml", body: "<Response><Message>pong</Message></Response>" });
    const { status, json } = await call("POST", "/inbound", { from: TO, to: FROM, body: "ping" });
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: 200, params: { Body: "ping" } });
    expect((json["replies"] as unknown[])[0]).toMatchObject({ body: "pong", to: TO, direction: "outbound-reply" });
    expect(receiver.requests).toHaveLength(1);
    expect((await call("POST", "/inbound", { from: TO })).status).toBe(400);
    expect((await call("POST", "/inbound", { from: "x", to: FROM, body: "y" })).json.error).toMatch(/E\.164/);
  });

  it("POST /faults and DELETE /faults", async () => {
    expect((await call("POST", "/faults", { type: "status", status: 500, times: 2 })).status).toBe(201);
    const failed = await pair.client.messages.create({ to: TO, from: FROM, body: "x" }).catch((e: RestException) => e.status);
    expect(failed).toBe(500);
    expect((await call("DELETE", "/faults")).status).toBe(204);
    expect((await pair.client.messages.create({ to: TO, from: FROM, body: "x" })).status).toBe("queued");
    expect((await call("POST", "/faults", { type: "explode" })).status).toBe(400);
    expect((await call("POST", "/faults", { type: "hang", times: -1 })).status).toBe(400);
  });

  it("opt-out state can be read and set", async () => {
    const query = `?phone=${encodeURIComponent(TO)}&sender=${encodeURIComponent(FROM)}`;
    expect((await call("GET", `/opt-outs${query}`)).json.optedOut).toBe(false);
    await call("POST", "/opt-outs", { phone: TO, sender: FROM, optedOut: true });
    expect((await call("GET", `/opt-outs${query}`)).json.optedOut).toBe(true);
    const refused = await pair.client.messages.create({ to: TO, from: FROM, body: "x" }).catch((e: RestException) => e.code);
    expect(refused).toBe(21610);
    expect((await call("POST", "/opt-outs", { phone: TO })).status).toBe(400);
  });

  it("PATCH /config validates and applies", async () => {
    const { status, json } = await call("PATCH", "/config", { trial: true, verifiedNumbers: [] });
    expect(status).toBe(200);
    expect(json.trial).toBe(true);
    const refused = await pair.client.messages.create({ to: TO, from: FROM, body: "x" }).catch((e: RestException) => e.code);
    expect(refused).toBe(21608);
    const bad = await call("PATCH", "/config", { trial: "yes", delivery: { reorderProbability: 2 }, nonsense: 1 });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/trial must be boolean/);
    expect(bad.json.error).toMatch(/reorderProbability must be <= 1/);
    expect(bad.json.error).toMatch(/additional properties/);
  });

  it("POST /settle waits for callbacks, POST /reset forgets everything", async () => {
    const message = await pair.client.messages.create({ to: TO, from: FROM, body: "x", statusCallback: `${receiver.url}/status` });
    expect((await call("POST", "/settle")).status).toBe(204);
    expect((await call("GET", `/messages/${message.sid}`)).json.status).toBe("delivered");
    await call("POST", "/opt-outs", { phone: TO, sender: FROM, optedOut: true });
    expect((await call("POST", "/reset")).status).toBe(204);
    expect((await call("GET", "/messages")).json).toEqual([]);
    expect(pair.emulator.isOptedOut(TO, FROM)).toBe(false);
  });

  it("GET /events streams message events", async () => {
    const controller = new AbortController();
    const response = await fetch(`${pair.emulator.url}/_emulator/events`, { signal: controller.signal });
    expect(response.headers.get("content-type")).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    await reader.read(); // ": connected"
    await pair.client.messages.create({ to: TO, from: FROM, body: "streamed" });
    let text = "";
    while (!text.includes("streamed")) text += decoder.decode((await reader.read()).value);
    expect(text).toMatch(/^event: message$/m);
    controller.abort();
  });

  it("sends no CORS headers and refuses requests from another origin, a foreign Host or a cross-site browser request with 403", async () => {
    const url = `${pair.emulator.url}/_emulator`;
    const plain = await fetch(url);
    expect(plain.status).toBe(200);
    expect(plain.headers.get("access-control-allow-origin")).toBeNull();
    for (const headers of [{ Origin: "http://evil.test" }, { Origin: "http://127.0.0.1:1" }, { "Sec-Fetch-Site": "cross-site" }] as Record<string, string>[]) {
      const refused = await fetch(url, { headers });
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(refused.headers.get("access-control-allow-origin")).toBeNull();
      expect(await refused.text()).not.toContain(pair.emulator.authToken);
    }
    const injected = await fetch(`${url}/inbound`, {
      method: "POST",
      headers: { Origin: "http://evil.test", "Content-Type": "text/plain" },
      body: JSON.stringify({ from: "+15550009999", to: TO, body: "hi" }),
    });
    expect(injected.status).toBe(403);
    expect(pair.emulator.messages()).toEqual([]);
    // The token opens it from anywhere; the emulator's own origin needs none.
    expect((await fetch(url, { headers: { Origin: "http://evil.test", Authorization: `Bearer ${pair.emulator.authToken}` } })).status).toBe(200);
    expect((await fetch(url, { headers: { Origin: new URL(pair.emulator.url).origin } })).status).toBe(200);
  });

  it("refuses a Host that is not loopback (DNS rebinding)", async () => {
    const { port } = new URL(pair.emulator.url);
    const status = await new Promise<number>((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port, path: "/_emulator", headers: { Host: `rebind.evil.test:${port}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on("error", reject);
    });
    expect(status).toBe(403);
  });
});

describe("malformed requests", () => {
  it("get JSON errors, not HTML", async () => {
    const bad = await fetch(`${pair.emulator.url}/_emulator/inbound`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{nope" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error?: string }).error).toBeTruthy();
    const token = Buffer.from(`${pair.emulator.accountSid}:${pair.emulator.authToken}`).toString("base64");
    const form = await fetch(`${pair.emulator.url}/2010-04-01/Accounts/${pair.emulator.accountSid}/Messages.json`, {
      method: "POST",
      headers: { Authorization: `Basic ${token}`, "Content-Type": "application/x-www-form-urlencoded; charset=koi8-r" },
      body: "To=%2B14155550100",
    });
    expect(form.status).toBe(415);
    expect(await form.json()).toMatchObject({ code: 20001, status: 415 });
  });
});
