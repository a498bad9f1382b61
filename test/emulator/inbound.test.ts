/** @module Inbound messages: the signed webhook with Twilio's fields, opt-out keywords and 21610, TwiML replies. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import twilio from "twilio";
import type { RestException } from "twilio";
import { FROM, TO, startPair, startReceiver, type Pair, type Receiver } from "./helpers.ts";
import type { EmulatorOptions } from "../../sandbox/emulator/index.ts";

const PHONE = TO;
const BOT = FROM;
let pair: Pair;
let receiver: Receiver;

async function setup(options: EmulatorOptions = {}) {
  receiver = await startReceiver();
  pair = await startPair({ webhookUrl: `${receiver.url}/sms`, ...options });
}
afterEach(async () => {
  await pair.close();
  await receiver.close();
});

const sendToPhone = (body = "hello") =>
  pair.client.messages.create({ to: PHONE, from: BOT, body }).then(
    (m) => m.status,
    (e: RestException) => e.code,
  );

describe("inbound webhook", () => {
  beforeEach(() => setup());

  it("POSTs Twilio's fields, signed for the webhook URL", async () => {
    const result = await pair.emulator.sendInbound({
      from: PHONE,
      to: BOT,
      body: "Hi there",
      facts: { FromCity: "SAN FRANCISCO", FromState: "CA", FromZip: "94105" },
    });
    expect(result.status).toBe(200);
    const request = receiver.requests[0]!;
    expect(request.path).toBe("/sms");
    expect(request.params).toMatchObject({
      From: PHONE,
      To: BOT,
      Body: "Hi there",
      NumMedia: "0",
      NumSegments: "1",
      SmsStatus: "received",
      AccountSid: pair.emulator.accountSid,
      ApiVersion: "2010-04-01",
      FromCity: "SAN FRANCISCO",
      FromState: "CA",
      FromZip: "94105",
      FromCountry: "US",
      ToCountry: "US",
      ToCity: "",
    });
    expect(request.params["MessageSid"]).toMatch(/^SM[0-9a-f]{32}$/);
    expect(request.params["SmsSid"]).toBe(request.params["MessageSid"]);
    expect(request.params["SmsMessageSid"]).toBe(request.params["MessageSid"]);
    expect(request.params["OptOutType"]).toBeUndefined();
    const signature = String(request.headers["x-twilio-signature"]);
    expect(twilio.validateRequest(pair.emulator.authToken, signature, `${receiver.url}/sms`, request.params)).toBe(true);
    expect(twilio.validateRequest(pair.emulator.authToken, signature, `${receiver.url}/other`, request.params)).toBe(false);
    expect(result.message).toMatchObject({ direction: "inbound", status: "received", from: PHONE, to: BOT });
  });

  it("numbers media fields from 0 and uses an MM SID", async () => {
    await pair.emulator.sendInbound({
      from: PHONE,
      to: BOT,
      body: "",
      mediaUrls: ["https://example.com/cat.jpg", "https://example.com/card.vcf"],
      mediaContentTypes: [undefined as never, "text/x-vcard"],
    });
    const params = receiver.requests[0]!.params;
    expect(params).toMatchObject({
      NumMedia: "2",
      MediaUrl0: "https://example.com/cat.jpg",
      MediaContentType0: "image/jpeg",
      MediaUrl1: "https://example.com/card.vcf",
      MediaContentType1: "text/x-vcard",
    });
    expect(params["MessageSid"]).toMatch(/^MM/);
  });

  it("returns the webhook's answer when it fails", async () => {
    receiver.respond({ status: 500, body: "boom" });
    const result = await pair.emulator.sendInbound({ from: PHONE, to: BOT, body: "x" });
    expect(result).toMatchObject({ status: 500, body: "boom", replies: [] });
  });

  it("reports an unreachable webhook", async () => {
    const result = await pair.emulator.sendInbound({ from: PHONE, to: BOT, body: "x", url: "http://127.0.0.1:1/sms" });
    expect(result.error).toBeTruthy();
    expect(result.status).toBeUndefined();
  });

  it("rejects a malformed sender with a clear error", async () => {
    await expect(pair.emulator.sendInbound({ from: "me", to: BOT, body: "x" })).rejects.toThrow(/E\.164/);
  });
});

describe("opt-out", () => {
  beforeEach(() => setup());

  for (const keyword of ["STOP", "stopall", " Unsubscribe ", "CANCEL", "end", "QUIT", "OptOut", "REVOKE"]) {
    it(`"${keyword}" opts out (still delivered to the webhook); later creates get 21610`, async () => {
      expect(await sendToPhone()).toBe("queued");
      await pair.emulator.sendInbound({ from: PHONE, to: BOT, body: keyword });
      expect(receiver.requests.at(-1)?.params["Body"]).toBe(keyword);
      expect(pair.emulator.isOptedOut(PHONE, BOT)).toBe(true);
      expect(await sendToPhone()).toBe(21610);
    });
  }

  it("START, YES and UNSTOP opt back in", async () => {
    for (const keyword of ["START", "yes", "unstop"]) {
      await pair.emulator.sendInbound({ from: PHONE, to: BOT, body: "STOP" });
      expect(await sendToPhone()).toBe(21610);
      await pair.emulator.sendInbound({ from: PHONE, to: BOT, body: keyword });
      expect(await sendToPhone()).toBe("queued");
    }
  });

  it("only whole-body keywords count", async () => {
    await pair.emulator.sendInbound({ from: PHONE, to: BOT, body: "please stop" });
    await pair.emulator.sendInbound({ from: PHONE, to: BOT, body: "STOP IT" });
    expect(await sendToPhone()).toBe("queued");
  });

  it("is per sender: another number of the account may still message", async () => {
    await pair.emulator.sendInbound({ from: PHONE, to: BOT, body: "STOP" });
    const other = await pair.client.messages.create({ to: PHONE, from: "+15005550009", body: "x" });
    expect(other.status).toBe("queued");
  });

  it("TwiML replies to an opted-out phone are dropped like REST sends", async () => {
    receiver.respond({ contentType: "text/xml", body: "<Response><Message>You are unsubscribed</Message></Response>" });
    const result = await pair.emulator.sendInbound({ from: PHONE, to: BOT, body: "STOP" });
    expect(result.replies).toEqual([]);
  });
});

describe("Messaging Service opt-out", () => {
  const service = "MG" + "e".repeat(32);
  beforeEach(() => setup({ messagingServices: { [service]: [BOT, "+15005550010"] } }));

  it("covers the whole service and sends OptOutType", async () => {
    await pair.emulator.sendInbound({ from: PHONE, to: BOT, body: "stop" });
    expect(receiver.requests[0]?.params).toMatchObject({ OptOutType: "STOP", MessagingServiceSid: service });
    const viaService = await pair.client.messages.create({ to: PHONE, messagingServiceSid: service, body: "x" }).catch((e: RestException) => e.code);
    expect(viaService).toBe(21610);
    const viaOtherPoolNumber = await pair.client.messages.create({ to: PHONE, from: "+15005550010", body: "x" }).catch((e: RestException) => e.code);
    expect(viaOtherPoolNumber).toBe(21610);
    await pair.emulator.sendInbound({ from: PHONE, to: BOT, body: "HELP" });
    expect(receiver.requests[1]?.params["OptOutType"]).toBe("HELP");
  });
});

describe("TwiML replies", () => {
  beforeEach(() => setup());

  it("each <Message> becomes an outbound-reply message to the sender", async () => {
    receiver.respond({
      contentType: "text/xml",
      body:
        '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Hi &amp; welcome</Message>' +
        `<Message action="${receiver.url}/status"><Body>Menu</Body><Media>https://example.com/m.png</Media></Message></Response>`,
    });
    const result = await pair.emulator.sendInbound({ from: PHONE, to: BOT, body: "hello" });
    expect(result.replies.map((m) => [m.direction, m.from, m.to, m.body, m.mediaUrls])).toEqual([
      ["outbound-reply", BOT, PHONE, "Hi & welcome", []],
      ["outbound-reply", BOT, PHONE, "Menu", ["https://example.com/m.png"]],
    ]);
    await pair.emulator.settle();
    expect(receiver.requests.filter((r) => r.path === "/status").map((r) => r.params["MessageStatus"])).toEqual(["sending", "sent", "delivered"]);
  });

  it("an empty <Response/> sends nothing", async () => {
    receiver.respond({ contentType: "text/xml", body: new twilio.twiml.MessagingResponse().toString() });
    const result = await pair.emulator.sendInbound({ from: PHONE, to: BOT, body: "hello" });
    expect(result.replies).toEqual([]);
    expect(pair.emulator.messages()).toHaveLength(1);
  });

  it("a reply generated by the twilio library round-trips with escaping", async () => {
    const response = new twilio.twiml.MessagingResponse();
    response.message('Price < 5 € & "quoted"');
    receiver.respond({ contentType: "text/xml", body: response.toString() });
    const result = await pair.emulator.sendInbound({ from: PHONE, to: BOT, body: "price" });
    expect(result.replies[0]?.body).toBe('Price < 5 € & "quoted"');
  });
});

describe("trial account", () => {
  beforeEach(() => setup({ trial: true, verifiedNumbers: [PHONE] }));

  it("verified numbers only, changeable at run time", async () => {
    expect(await sendToPhone()).toBe("queued");
    pair.emulator.configure({ verifiedNumbers: [] });
    expect(await sendToPhone()).toBe(21608);
    pair.emulator.configure({ trial: false });
    expect(await sendToPhone()).toBe("queued");
  });
});
