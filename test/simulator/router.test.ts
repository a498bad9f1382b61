/** @module The simulator's HTTP API against a real sandbox: sending through the emulator's signed webhook, the live event relay, the typing indicator's data, and bad input. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import express from "express";
import type { AddressInfo } from "node:net";
import { createSimulatorRouter } from "../../sandbox/simulator/index.ts";
import type { PendingParts, SimMessage } from "../../sandbox/simulator/index.ts";
import { parseEventBlock } from "../../sandbox/simulator/emulator-client.ts";
import { BOT_NUMBER, startSandbox } from "./sandbox.ts";
import type { Sandbox } from "./sandbox.ts";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox("faq");
});
afterAll(async () => {
  await sb?.close();
});

const api = (path: string, init?: RequestInit) => fetch(`${sb.server.url}/simulator/api/${path}`, init);
const send = async (from: string, body: string) =>
  api("send", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ from, body }) });

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

const conversation = async (phone: string) => (await (await api(`messages?phone=${encodeURIComponent(phone)}`)).json()) as SimMessage[];
const pending = async (phone: string) => (await (await api(`pending?phone=${encodeURIComponent(phone)}`)).json()) as PendingParts;

describe("simulator API", () => {
  it("serves the page and redirects / to it", async () => {
    const root = await fetch(`${sb.server.url}/`, { redirect: "manual" });
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toBe("/simulator/");
    const bare = await fetch(`${sb.server.url}/simulator`, { redirect: "manual" });
    expect(bare.headers.get("location")).toBe("/simulator/");
    const page = await fetch(`${sb.server.url}/simulator/`);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('<label for="draft" class="visually-hidden">Message</label>');
    expect((await fetch(`${sb.server.url}/simulator/app.js`)).headers.get("content-type")).toMatch(/javascript/);
    expect(await (await api("config")).json()).toEqual({ botNumber: BOT_NUMBER, defaultPhone: "+15555550100", typing: true });
  });

  it("texts the bot through the emulator's signed webhook and shows the reply with segments, encoding and status", async () => {
    const phone = "+15550100001";
    const answer = (await (await send(phone, "hours")).json()) as { message: SimMessage; webhook: { ok: boolean; status: number } };
    // The runtime answers 403 to a bad signature, so a 200 means the emulator signed it as Twilio does.
    expect(answer.webhook).toEqual({ ok: true, status: 200 });
    expect(answer.message).toMatchObject({ side: "in", from: phone, to: BOT_NUMBER, body: "hours", encoding: "GSM-7", segments: 1, status: "received" });
    const reply = await until("the delivered reply", async () => (await conversation(phone)).find((m) => m.side === "out" && m.status === "delivered"));
    expect(reply).toMatchObject({ body: "We're open 7am-6pm Monday to Saturday and 8am-2pm on Sunday.", to: phone, encoding: "GSM-7", segments: 1 });
    expect((await conversation(phone)).map((m) => m.side)).toEqual(["in", "out"]);
  });

  it("counts UCS-2 when the text leaves GSM-7", async () => {
    const answer = (await (await send("+15550100002", "Olá 👍 ".repeat(12))).json()) as { message: SimMessage };
    expect(answer.message).toMatchObject({ encoding: "UCS-2", segments: 2 });
    expect(await (await api(`segments?body=${encodeURIComponent("a".repeat(161))}`)).json()).toMatchObject({ encoding: "GSM-7", segments: 2, characters: 161 });
  });

  it("relays only this phone's events, each message enriched", async () => {
    const phone = "+15550100003";
    const abort = new AbortController();
    const response = await api(`events?phone=${encodeURIComponent(phone)}`, { signal: abort.signal });
    expect(response.headers.get("content-type")).toMatch(/text\/event-stream/);
    const seen: { type: string; message?: SimMessage }[] = [];
    const reading = (async () => {
      let buffer = "";
      try {
        for await (const chunk of response.body!.pipeThrough(new TextDecoderStream())) {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const event = parseEventBlock(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
            if (event) seen.push(event as unknown as { type: string; message?: SimMessage });
          }
        }
      } catch {
        // aborted
      }
    })();
    await send("+15550100004", "hours"); // another phone: never relayed
    await send(phone, "location");
    await until("the reply's delivered status", async () =>
      seen.some((e) => e.type === "status" && e.message?.side === "out" && e.message.status === "delivered") ? true : undefined,
    );
    abort.abort();
    await reading;
    expect(seen.every((e) => e.message === undefined || e.message.from === phone || e.message.to === phone)).toBe(true);
    const reply = seen.find((e) => e.type === "message" && e.message?.side === "out")!.message!;
    expect(reply.body).toMatch(/^We're at 12 Mill Street/);
    expect(reply).toMatchObject({ encoding: "GSM-7", segments: 1 });
    expect(seen.map((e) => e.type)).toContain("status");
  });

  it("reports a delayed part as pending until the runtime's clock reaches it", async () => {
    const phone = "+15550100005";
    await send(phone, "delivery");
    await until("the first part", async () => (await conversation(phone)).find((m) => m.side === "out"));
    const waiting = await pending(phone);
    expect(waiting).toMatchObject({ known: true, count: 1 });
    expect(waiting.nextDueAt! - waiting.now).toBeGreaterThan(0);
    expect((await conversation(phone)).filter((m) => m.side === "out").map((m) => m.body)).toEqual(["Let me check today's drivers..."]);
    sb.clock.advance(2_000);
    await until("the delayed part", async () => (await conversation(phone)).find((m) => m.body.startsWith("Good news")));
    expect(await until("no pending parts", async () => ((await pending(phone)).count === 0 ? true : undefined))).toBe(true);
  });

  it("goes through the runtime's keyword layer: STOP silences the bot until START, HELP is Twilio's, and each answer says so", async () => {
    const phone = "+15550100007";
    type Sent = { keyword: { type: string; note: string | null } };
    const outcomes = () =>
      sb
        .logs()
        .filter((l) => l["event"] === "inbound" && l["from"] === phone)
        .map((l) => l["outcome"]);
    const step = async (body: string, count: number) => {
      const answer = (await (await send(phone, body)).json()) as Sent;
      await until(`the runtime's step for ${body}`, async () => (outcomes().length >= count ? true : undefined));
      return answer.keyword;
    };
    expect(await step("STOP", 1)).toMatchObject({ type: "opted-out", note: expect.stringMatching(/^STOP opts the user out/) });
    expect((await sb.store.getUser(phone))?.optedOut).toBe(true);
    expect(await step("hours", 2)).toMatchObject({ type: "ignored-opted-out" });
    expect(await step("start", 3)).toMatchObject({ type: "opted-in" });
    expect(await step("help", 4)).toMatchObject({ type: "help", note: expect.stringMatching(/^HELP is answered by Twilio/) });
    expect(await step("hours", 5)).toEqual({ type: "bot", note: null });
    expect(outcomes()).toEqual(["opted-out", "ignored-opted-out", "opted-in", "help", "answered"]);
    await until("the reply to the last message", async () => (await conversation(phone)).find((m) => m.side === "out"));
    expect((await conversation(phone)).filter((m) => m.side === "out").map((m) => m.body)).toEqual([
      "We're open 7am-6pm Monday to Saturday and 8am-2pm on Sunday.",
    ]);
  });

  it("rejects bad input with a clear 400", async () => {
    const cases: [unknown, RegExp][] = [
      [{ from: "555", body: "hi" }, /E\.164/],
      [{ from: BOT_NUMBER, body: "hi" }, /bot's own number/],
      [{ from: "+15550100006", body: "   " }, /non-empty/],
      [{ from: "+15550100006", body: "x".repeat(1601) }, /at most 1600/],
    ];
    for (const [body, error] of cases) {
      const response = await api("send", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(error);
    }
    expect((await api("messages?phone=nope")).status).toBe(400);
    expect((await api("events")).status).toBe(400);
  });
});

describe("simulator without its emulator", () => {
  it("answers 502 with what to check, and has no typing data without a store", async () => {
    const app = express();
    app.use(createSimulatorRouter({ emulatorUrl: "http://127.0.0.1:9", botNumber: BOT_NUMBER }));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/simulator/api`;
    try {
      const response = await fetch(`${base}/send`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ from: "+15550100007", body: "hi" }),
      });
      expect(response.status).toBe(502);
      expect(((await response.json()) as { error: string }).error).toMatch(/emulator at http:\/\/127\.0\.0\.1:9 does not answer/);
      expect(await (await fetch(`${base}/pending?phone=%2B15550100007`)).json()).toMatchObject({ known: false, count: 0 });
    } finally {
      server.close();
    }
  });

  it("refuses a bot number that is not E.164", () => {
    expect(() => createSimulatorRouter({ emulatorUrl: "http://127.0.0.1:9", botNumber: "5005550006" })).toThrow(/E\.164/);
  });

  it("parses server-sent event blocks and skips comments", () => {
    expect(parseEventBlock(": connected")).toBeNull();
    expect(parseEventBlock('event: optOut\ndata: {"type":"optOut","phone":"+1","scope":"+2","optedOut":true}')).toEqual({
      type: "optOut",
      phone: "+1",
      scope: "+2",
      optedOut: true,
    });
    expect(parseEventBlock("data: not json")).toBeNull();
  });
});
