/** @module The webhook's defences: signatures (and proxies), replays, oversized and malformed bodies. Real HTTP against the running server. */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import twilio from "twilio";
import { afterEach, describe, expect, it } from "vitest";
import { ALICE, BOT_NUMBER, events, startHarness } from "./harness.ts";
import type { Harness } from "./harness.ts";
import { twilioInbound, twilioStatus } from "../support/twilio-webhooks.ts";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** An inbound webhook of the shape Twilio sends (test/support/twilio-webhooks.ts). */
function inboundParams(h: Harness, sid: string, body: string, from = ALICE): Record<string, string> {
  return twilioInbound({ sid, accountSid: h.emulator.accountSid, from, to: BOT_NUMBER, body });
}

async function post(url: string, params: Record<string, string>, signature?: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(signature !== undefined && { "X-Twilio-Signature": signature }) },
    body: new URLSearchParams(params).toString(),
  });
  return { status: response.status, body: await response.text() };
}

function sign(h: Harness, url: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(h.emulator.authToken, url, params);
}

async function nothingStored(h: Harness): Promise<void> {
  expect(await h.store.listMessages()).toEqual([]);
  expect(await h.store.listOutbox()).toEqual([]);
  expect(await h.store.getUser(ALICE)).toBeNull();
}

const SID = "SM0123456789abcdef0123456789abcdef";

describe("signatures", () => {
  it("rejects a forged signature with 403 and runs nothing", async () => {
    h = await startHarness();
    const params = inboundParams(h, SID, "hello");
    const forged = twilio.getExpectedTwilioSignature("0".repeat(32), `${h.server.url}/sms`, params);
    expect((await post(`${h.server.url}/sms`, params, forged)).status).toBe(403);
    await nothingStored(h);
    expect(events(h, "signature.rejected")).toHaveLength(1);
    expect(String(events(h, "signature.rejected")[0]!["msg"])).toMatch(/BOT_PUBLIC_URL/);
  });

  it("rejects a missing signature with 403", async () => {
    h = await startHarness();
    expect((await post(`${h.server.url}/sms`, inboundParams(h, SID, "hello"))).status).toBe(403);
    await nothingStored(h);
  });

  it("rejects a valid signature whose params were tampered with", async () => {
    h = await startHarness();
    const params = inboundParams(h, SID, "hello");
    const signature = sign(h, `${h.server.url}/sms`, params);
    expect((await post(`${h.server.url}/sms`, { ...params, Body: "STOP" }, signature)).status).toBe(403);
    await nothingStored(h);
  });

  it("checks against the configured public URL, so it works behind a proxy", async () => {
    h = await startHarness({ config: { publicUrl: "https://bot.example.test/prefix" } });
    const params = inboundParams(h, SID, "hello");
    // Signed for the public URL, delivered to the local port, as a reverse proxy does.
    const good = sign(h, "https://bot.example.test/prefix/sms", params);
    expect((await post(`${h.server.url}/sms`, params, good)).status).toBe(200);
    const local = sign(h, `${h.server.url}/sms`, { ...params, MessageSid: "SM1" });
    expect((await post(`${h.server.url}/sms`, { ...params, MessageSid: "SM1" }, local)).status).toBe(403);
    expect((await h.store.listMessages({ direction: "in" })).map((m) => m.sid)).toEqual([SID]);
  });

  it("rejects unsigned status callbacks", async () => {
    h = await startHarness();
    const response = await post(`${h.server.url}/sms/status`, { MessageSid: SID, MessageStatus: "delivered" }, "bogus");
    expect(response.status).toBe(403);
  });
});

describe("replays and malformed requests", () => {
  it("runs a MessageSid once even when it arrives ten times at once", async () => {
    h = await startHarness();
    const params = inboundParams(h, SID, "hello");
    const signature = sign(h, `${h.server.url}/sms`, params);
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(`${h.server.url}/sms`, params, signature)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((a) => a.body))).toEqual(new Set(['<?xml version="1.0" encoding="UTF-8"?><Response/>']));
    await h.tick();
    await h.tick();
    expect(h.received(ALICE)).toEqual(["Hi there!"]);
    expect(await h.store.listMessages({ direction: "in" })).toHaveLength(1);
    expect((await h.store.getUser(ALICE))!.session!.history.input).toEqual(["hello"]);
    const outcomes = events(h, "inbound").map((l) => l["outcome"]);
    expect(outcomes.filter((o) => o === "answered")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "replayed")).toHaveLength(9);
  });

  it("answers 413 to a 10 MB body and keeps serving", async () => {
    h = await startHarness();
    const junk = "Body=" + "x".repeat(10 * 1024 * 1024);
    const response = await fetch(`${h.server.url}/sms`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: junk });
    expect(response.status).toBe(413);
    expect(events(h, "request.rejected")[0]).toMatchObject({ status: 413 });
    await nothingStored(h);
    expect((await fetch(`${h.server.url}/healthz`)).status).toBe(200);
    expect((await h.text(ALICE, "hello")).status).toBe(200);
  });

  it("answers 400 with a log line when From or MessageSid is missing", async () => {
    h = await startHarness();
    const noFrom = inboundParams(h, SID, "hello");
    delete (noFrom as Partial<Record<string, string>>)["From"];
    expect(await post(`${h.server.url}/sms`, noFrom, sign(h, `${h.server.url}/sms`, noFrom))).toMatchObject({ status: 400, body: "missing From" });
    const noSid: Record<string, string> = { From: ALICE, To: BOT_NUMBER, Body: "hello" };
    expect(await post(`${h.server.url}/sms`, noSid, sign(h, `${h.server.url}/sms`, noSid))).toMatchObject({ status: 400, body: "missing MessageSid" });
    expect(events(h, "inbound.invalid").map((l) => l["error"])).toEqual(["missing From", "missing MessageSid"]);
    await nothingStored(h);
  });

  it("treats a body that is not a form as unsigned", async () => {
    h = await startHarness();
    const response = await fetch(`${h.server.url}/sms`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Twilio-Signature": "x" },
      body: "{not json",
    });
    expect(response.status).toBe(403);
    await nothingStored(h);
  });
});

describe("re-split replays and sid shapes", () => {
  /** Twilio signs sorted keys and values glued together: each variant below keeps the captured signature valid. */
  function resplits(params: Record<string, string>): Record<string, string>[] {
    const { NumMedia: _n, ...withoutNumMedia } = params;
    const { NumMedia: _m, NumSegments: _g, SmsMessageSid: _s, ...withoutBoth } = params;
    return [
      { ...withoutNumMedia, MessageSid: `${params["MessageSid"]}NumMedia0` },
      { ...withoutBoth, MessageSid: `${params["MessageSid"]}NumMedia0NumSegments${params["NumSegments"]}SmsMessageSid${params["SmsMessageSid"]}` },
    ].map((variant) => Object.fromEntries(Object.entries(variant).filter(([, v]) => v !== undefined)) as Record<string, string>);
  }

  it("answers a re-split copy of a captured webhook with 400 and runs nothing, while the original runs once", async () => {
    h = await startHarness();
    const url = `${h.server.url}/sms`;
    const captured = inboundParams(h, SID, "hello");
    const signature = sign(h, url, captured);
    expect((await post(url, captured, signature)).status).toBe(200);
    for (const variant of resplits(captured)) {
      // The premise of the attack: the captured signature still verifies for the re-split body.
      expect(twilio.validateRequest(h.emulator.authToken, signature, url, variant)).toBe(true);
      expect((await post(url, variant, signature)).status).toBe(400);
    }
    // A re-split that leaves the sid whole (and keeps Twilio's formats) is the same message: claimed already, nothing runs.
    const { FromCountry: _c, ...sameSid } = captured;
    const glued = { ...sameSid, FromCity: `${captured["FromCity"]}FromCountry${captured["FromCountry"]}` };
    expect(twilio.validateRequest(h.emulator.authToken, signature, url, glued)).toBe(true);
    expect((await post(url, glued, signature)).status).toBe(200);
    await h.tick();
    await h.tick();
    expect(h.received(ALICE)).toEqual(["Hi there!"]);
    expect(await h.store.listMessages({ direction: "in" })).toHaveLength(1);
    expect(events(h, "inbound").map((l) => l["outcome"])).toEqual(["answered", "replayed"]);
    expect(events(h, "inbound.invalid")).toHaveLength(2);
  });

  it("refuses repeated keys, a sid of the wrong shape and another account with 400 and a log line", async () => {
    h = await startHarness();
    const url = `${h.server.url}/sms`;
    const base = inboundParams(h, SID, "hello");
    const repeated = new URLSearchParams(base);
    repeated.append("Body", "again");
    const repeatedSignature = twilio.getExpectedTwilioSignature(h.emulator.authToken, url, { ...base, Body: ["hello", "again"] } as never);
    const raw = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": repeatedSignature },
      body: repeated.toString(),
    });
    expect(raw.status).toBe(400);
    expect(await raw.text()).toMatch(/Body.*repeated/);
    for (const params of [
      { ...base, MessageSid: "SM1", SmsMessageSid: "SM1" },
      { ...base, MessageSid: "XX0123456789abcdef0123456789abcdef", SmsMessageSid: "XX0123456789abcdef0123456789abcdef" },
      { ...base, AccountSid: "AC" + "9".repeat(32) },
      { ...base, SmsMessageSid: "SM" + "f".repeat(32) },
    ]) {
      expect((await post(url, params, sign(h, url, params))).status).toBe(400);
    }
    const { AccountSid: _a, ...noAccount } = base;
    expect(await post(url, noAccount, sign(h, url, noAccount))).toMatchObject({ status: 400, body: "missing AccountSid" });
    expect(events(h, "inbound.invalid")).toHaveLength(6);
    await nothingStored(h);
  });

  it("validates status callbacks the same way", async () => {
    h = await startHarness();
    const url = `${h.server.url}/sms/status`;
    const good = twilioStatus({ sid: SID, accountSid: h.emulator.accountSid, from: BOT_NUMBER, to: ALICE, status: "delivered" });
    expect((await post(url, good, sign(h, url, good))).status).toBe(200);
    const { MessageStatus: _m, ...unshifted } = good;
    const shifted = { ...unshifted, MessageSid: `${SID}MessageStatusdelivered` };
    expect(twilio.validateRequest(h.emulator.authToken, sign(h, url, good), url, shifted)).toBe(true);
    expect((await post(url, shifted, sign(h, url, good))).status).toBe(400);
    const other = { ...good, AccountSid: "AC" + "1".repeat(32) };
    expect((await post(url, other, sign(h, url, other))).status).toBe(400);
    expect(events(h, "status.invalid")).toHaveLength(2);
  });
});

describe("media route", () => {
  /** Raw request: fetch would normalise `..` and `%2e%2e` away before sending. */
  function rawGet(url: string, rawPath: string): Promise<{ status: number; type: string | undefined }> {
    return new Promise((resolve, reject) => {
      const { hostname, port } = new URL(url);
      http
        .get({ hostname, port, path: rawPath }, (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"] });
        })
        .on("error", reject);
    });
  }

  it("serves media files of the bot folder with their content type", async () => {
    h = await startHarness();
    fs.writeFileSync(path.join(h.root, "card.vcf"), "BEGIN:VCARD\nEND:VCARD\n");
    expect(await rawGet(h.server.url, "/media/media/cat.png")).toEqual({ status: 200, type: "image/png" });
    expect((await rawGet(h.server.url, "/media/card.vcf")).type).toMatch(/vcard/);
    expect((await rawGet(h.server.url, "/media/media/missing.png")).status).toBe(404);
  });

  it("never serves the database, sources, hidden files or anything outside the folder", async () => {
    h = await startHarness();
    const outside = path.join(path.dirname(h.root), `outside-${path.basename(h.root)}.png`);
    fs.writeFileSync(outside, "secret");
    fs.writeFileSync(path.join(h.root, "bot.bot"), "+ hi\n- secret key");
    fs.symlinkSync(outside, path.join(h.root, "link.png"));
    try {
      const status = async (p: string) => (await rawGet(h.server.url, p)).status;
      expect(await status("/media/.bot/bot.db")).toBe(403);
      expect(await status("/media/../" + path.basename(outside))).not.toBe(200);
      expect(await status("/media/media/..%2f..%2f" + path.basename(outside))).toBe(403);
      expect(await status("/media/%2e%2e/" + path.basename(outside))).toBe(403);
      expect(await status("/media/link.png")).toBe(403);
      expect(await status("/media/bot.bot")).toBe(404);
      expect(events(h, "media.rejected").length).toBeGreaterThanOrEqual(5);
    } finally {
      fs.rmSync(outside);
    }
  });
});
