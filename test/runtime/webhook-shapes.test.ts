/**
 * @module A signed webhook runs only if it has a shape Twilio sends: real shapes from Twilio's docs and
 * captures pass, re-cut and hand-made ones get 400, store nothing and text no one. Real emulator, real
 * server over HTTP, real SQLite.
 */
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../sandbox/emulator/index.ts";
import type { Emulator } from "../../sandbox/emulator/index.ts";
import { ALICE, BOT_NUMBER, events, startHarness } from "./harness.ts";
import type { Harness } from "./harness.ts";
import { glued, messageSid, postSigned, recutAsVictim, twilioInbound, twilioStatus } from "../support/twilio-webhooks.ts";

const MALLORY = "+15550003333";
const VICTIM = "+15550009999";
const SERVICE = "MG" + "5".repeat(32);
const OTHER_SERVICE = "MG" + "6".repeat(32);

let sidCounter = 0x1000;
const nextSid = (prefix: "SM" | "MM" = "SM") => messageSid(++sidCounter, prefix);

async function storedNothingFor(h: Harness, user: string): Promise<void> {
  await h.server.inbound.drain();
  expect(await h.store.nextInbound(user)).toBeNull();
  expect(await h.store.listMessages({ userId: user })).toEqual([]);
  expect(await h.store.getUser(user)).toBeNull();
  await h.tick();
  expect(h.emulator.messagesTo(user)).toEqual([]);
}

async function answeredOnce(h: Harness, user: string, sid: string): Promise<void> {
  await h.server.inbound.drain();
  expect((await h.store.listMessages({ userId: user, direction: "in" })).filter((m) => m.sid === sid)).toHaveLength(1);
}

describe("real webhook shapes from Twilio's docs are run", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });
  const base = (sid: string, extra: Record<string, string> = {}, from = ALICE) =>
    twilioInbound({ sid, accountSid: h.emulator.accountSid, from, to: BOT_NUMBER, body: "hello" }, extra);
  const minimal = (sid: string): Record<string, string> => {
    // The documented table only (no ApiVersion, SmsStatus or geographic fields).
    const keep = ["MessageSid", "SmsSid", "SmsMessageSid", "AccountSid", "From", "To", "Body", "NumMedia", "NumSegments"];
    return Object.fromEntries(Object.entries(base(sid)).filter(([key]) => keep.includes(key)));
  };

  const shapes: [string, (sid: string) => Record<string, string>, "SM" | "MM"][] = [
    ["the captured payload of twilio.md §1.1 (geographic fields empty)", (sid) => base(sid), "SM"],
    [
      "geographic fields filled (FromCity=SAN FRANCISCO …, ToCity …)",
      (sid) =>
        base(sid, {
          FromCity: "SAN FRANCISCO",
          FromState: "CA",
          FromZip: "94105",
          FromCountry: "US",
          ToCity: "NEW YORK",
          ToState: "NY",
          ToZip: "10001",
          ToCountry: "US",
        }),
      "SM",
    ],
    ["Canadian geographic fields (FromZip=M5V 2T6)", (sid) => base(sid, { FromCity: "TORONTO", FromState: "ON", FromZip: "M5V 2T6", FromCountry: "CA" }), "SM"],
    ["the documented keys only", minimal, "SM"],
    [
      "an MMS with two media items",
      (sid) =>
        base(sid, {
          NumMedia: "2",
          MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${h.emulator.accountSid}/Messages/${sid}/Media/ME${"a".repeat(32)}`,
          MediaContentType0: "image/jpeg",
          MediaUrl1: `https://api.twilio.com/2010-04-01/Accounts/${h.emulator.accountSid}/Messages/${sid}/Media/ME${"b".repeat(32)}`,
          MediaContentType1: "image/svg+xml",
        }),
      "MM",
    ],
    [
      "a number in a Messaging Service, with Advanced Opt-Out's OptOutType",
      (sid) => base(sid, { MessagingServiceSid: OTHER_SERVICE, OptOutType: "HELP" }),
      "SM",
    ],
    ["a long text (NumSegments=11)", (sid) => base(sid, { NumSegments: "11", Body: "word ".repeat(300).trim() }), "SM"],
    [
      "an empty Body (an MMS without text)",
      (sid) => base(sid, { Body: "", NumMedia: "1", MediaUrl0: "https://media.example.test/a.png", MediaContentType0: "image/png" }),
      "MM",
    ],
  ];

  it.each(shapes)("%s", async (_name, shape, prefix) => {
    const sid = nextSid(prefix);
    const answer = await postSigned(`${h.server.url}/sms`, h.emulator.authToken, shape(sid));
    expect(answer.status).toBe(200);
    await answeredOnce(h, ALICE, sid);
  });

  const statuses: [string, (sid: string) => Record<string, string>][] = [
    ["the captured callback of twilio.md §3.3", (sid) => twilioStatus({ sid, accountSid: h.emulator.accountSid, from: BOT_NUMBER, to: ALICE, status: "sent" })],
    [
      "delivered with RawDlrDoneDate",
      (sid) => twilioStatus({ sid, accountSid: h.emulator.accountSid, from: BOT_NUMBER, to: ALICE, status: "delivered" }, { RawDlrDoneDate: "2611271230" }),
    ],
    [
      "undelivered with ErrorCode, ErrorMessage and a Messaging Service",
      (sid) =>
        twilioStatus(
          { sid, accountSid: h.emulator.accountSid, from: BOT_NUMBER, to: ALICE, status: "undelivered" },
          { ErrorCode: "30003", ErrorMessage: "Unreachable destination handset", RawDlrDoneDate: "2611271230", MessagingServiceSid: OTHER_SERVICE },
        ),
    ],
    [
      "with the channel fields",
      (sid) =>
        twilioStatus(
          { sid, accountSid: h.emulator.accountSid, from: BOT_NUMBER, to: ALICE, status: "sent" },
          { ChannelPrefix: "sms", ChannelInstallSid: "XE" + "c".repeat(32), ChannelToAddress: "+1555000XXXX".replace(/X/g, "1"), NumSegments: "1" },
        ),
    ],
  ];

  it.each(statuses)("status callback: %s", async (_name, shape) => {
    const answer = await postSigned(`${h.server.url}/sms/status`, h.emulator.authToken, shape(nextSid()));
    expect(answer.status).toBe(200);
  });

  it("what the emulator sends (inbound, MMS, status callbacks) passes", async () => {
    const result = await h.text(ALICE, "pic", { mediaUrls: ["https://media.example.test/cat.jpg"] });
    expect(result.status).toBe(200);
    await h.tick();
    expect(h.received(ALICE).length).toBeGreaterThan(0);
    expect(events(h, "inbound.invalid")).toEqual([]);
    expect(events(h, "status.invalid")).toEqual([]);
  });
});

describe("a bot that sends through a Messaging Service", () => {
  let emulator: Emulator;
  let h: Harness;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: 3 });
    h = await startHarness({
      sharedEmulator: emulator,
      config: { twilio: { accountSid: emulator.accountSid, authToken: emulator.authToken, from: null, messagingServiceSid: SERVICE, baseUrl: emulator.url } },
    });
  });
  afterAll(async () => {
    await h.close();
    await emulator.close();
  });
  const inbound = (sid: string, to: string, service?: string) =>
    twilioInbound({ sid, accountSid: emulator.accountSid, from: ALICE, to, body: "hello" }, service === undefined ? {} : { MessagingServiceSid: service });

  it("takes any number of its service, and no number without it", async () => {
    const url = `${h.server.url}/sms`;
    const sid = nextSid();
    expect((await postSigned(url, emulator.authToken, inbound(sid, "+15005550077", SERVICE))).status).toBe(200);
    await answeredOnce(h, ALICE, sid);
    expect((await postSigned(url, emulator.authToken, inbound(nextSid(), "+15005550077", OTHER_SERVICE))).status).toBe(400);
    expect((await postSigned(url, emulator.authToken, inbound(nextSid(), "+15005550077"))).status).toBe(400);
    expect(events(h, "inbound.invalid").map((l) => l["rule"])).toEqual(["not-our-number", "not-our-number"]);
  });

  it("takes status callbacks from any number of its service", async () => {
    const url = `${h.server.url}/sms/status`;
    const status = (from: string, service: string) =>
      twilioStatus({ sid: nextSid(), accountSid: emulator.accountSid, from, to: ALICE, status: "sent" }, { MessagingServiceSid: service });
    expect((await postSigned(url, emulator.authToken, status("+15005550077", SERVICE))).status).toBe(200);
    expect((await postSigned(url, emulator.authToken, status("+15005550077", OTHER_SERVICE))).status).toBe(400);
  });
});

describe("signed webhooks Twilio never sends are refused with 400, nothing stored, no one texted", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it("the issue's re-cut: a captured webhook whose Body spells From<victim>MessageSid<fresh sid>NumMedia0Zzz", async () => {
    const url = `${h.server.url}/sms`;
    const fresh = nextSid();
    // Mallory texts the bot; the webhook Twilio signs for it is captured (a proxy log, a shared tunnel).
    const sent = await h.text(MALLORY, `hi From${VICTIM}MessageSid${fresh}NumMedia0Zzz`);
    expect(sent.status).toBe(200);
    const captured = sent.params;
    const signature = twilio.getExpectedTwilioSignature(h.emulator.authToken, url, captured);
    const forged = recutAsVictim(captured, VICTIM, fresh);
    expect(glued(forged)).toBe(glued(captured));
    expect(twilio.validateRequest(h.emulator.authToken, signature, url, forged)).toBe(true);
    const answer = await postSigned(url, h.emulator.authToken, forged, signature);
    expect(answer.status).toBe(400);
    expect(events(h, "inbound.invalid").at(-1)).toMatchObject({ rule: "unknown-key" });
    await storedNothingFor(h, VICTIM);
  });

  it("the same re-cut with Twilio's keys only: every required key spelled, the rest swallowed by ToCity", async () => {
    const url = `${h.server.url}/sms`;
    const fresh = nextSid();
    const spelled: [string, string][] = [
      ["From", VICTIM],
      ["MessageSid", fresh],
      ["NumMedia", "0"],
      ["NumSegments", "1"],
      ["SmsMessageSid", fresh],
      ["SmsSid", fresh],
      ["SmsStatus", "received"],
      ["To", BOT_NUMBER],
    ];
    const sent = await h.text(MALLORY, `STOP${spelled.map(([k, v]) => k + v).join("")}ToCity`);
    const captured = sent.params;
    const signature = twilio.getExpectedTwilioSignature(h.emulator.authToken, url, captured);
    const swallowed = Object.fromEntries(Object.entries(captured).filter(([key]) => key > "Body" && key <= "ToCity"));
    const forged: Record<string, string> = {
      AccountSid: captured["AccountSid"]!,
      ApiVersion: captured["ApiVersion"]!,
      Body: "STOP",
      ...Object.fromEntries(spelled),
      ToCity: glued(swallowed),
      ToCountry: captured["ToCountry"]!,
      ToState: captured["ToState"]!,
      ToZip: captured["ToZip"]!,
    };
    expect(glued(forged)).toBe(glued(captured));
    expect(twilio.validateRequest(h.emulator.authToken, signature, url, forged)).toBe(true);
    expect((await postSigned(url, h.emulator.authToken, forged, signature)).status).toBe(400);
    expect(events(h, "inbound.invalid").at(-1)).toMatchObject({ rule: "format" });
    await storedNothingFor(h, VICTIM);
  });

  const real = (sid: string, extra: Record<string, string> = {}) =>
    twilioInbound({ sid, accountSid: h.emulator.accountSid, from: VICTIM, to: BOT_NUMBER, body: "STOP" }, extra);
  const without = (params: Record<string, string>, ...keys: string[]) => Object.fromEntries(Object.entries(params).filter(([key]) => !keys.includes(key)));
  const media = "https://media.example.test/a.png";

  const attacks: [string, (sid: string) => Record<string, string>, string][] = [
    ["an unknown key", (sid) => real(sid, { Zzz: "1" }), "unknown-key"],
    ["a WhatsApp-only key", (sid) => real(sid, { ProfileName: "Eve" }), "unknown-key"],
    ["no SmsSid", (sid) => without(real(sid), "SmsSid"), "missing-key"],
    ["no SmsMessageSid", (sid) => without(real(sid), "SmsMessageSid"), "missing-key"],
    ["no NumSegments", (sid) => without(real(sid), "NumSegments"), "missing-key"],
    ["no To", (sid) => without(real(sid), "To"), "missing-key"],
    ["no Body", (sid) => without(real(sid), "Body"), "missing-key"],
    ["no NumMedia", (sid) => without(real(sid), "NumMedia"), "missing-key"],
    ["SmsSid another sid", (sid) => real(sid, { SmsSid: messageSid(0xbad) }), "legacy-sid"],
    ["NumMedia=1 without MediaUrl0", (sid) => real(sid, { NumMedia: "1" }), "media-count"],
    ["NumMedia=0 with MediaUrl0", (sid) => real(sid, { MediaUrl0: media, MediaContentType0: "image/png" }), "media-count"],
    ["MediaUrl0 without MediaContentType0", (sid) => real(sid, { NumMedia: "1", MediaUrl0: media }), "media-count"],
    ["MediaUrl1 skipping MediaUrl0", (sid) => real(sid, { NumMedia: "1", MediaUrl1: media, MediaContentType1: "image/png" }), "media-count"],
    ["a javascript: MediaUrl", (sid) => real(sid, { NumMedia: "1", MediaUrl0: "javascript:alert(1)", MediaContentType0: "image/png" }), "format"],
    [
      "a MediaUrl holding a phone number",
      (sid) => real(sid, { NumMedia: "1", MediaUrl0: `https://x.test/From${VICTIM}`, MediaContentType0: "image/png" }),
      "format",
    ],
    ["a MediaContentType holding a phone number", (sid) => real(sid, { NumMedia: "1", MediaUrl0: media, MediaContentType0: `image/xFrom${VICTIM}` }), "format"],
    ["NumMedia=abc", (sid) => real(sid, { NumMedia: "abc" }), "format"],
    ["To another number", (sid) => real(sid, { To: "+15005550099" }), "not-our-number"],
    ["From without the +", (sid) => real(sid, { From: VICTIM.slice(1) }), "format"],
    ["From +0…", (sid) => real(sid, { From: "+0155500099" }), "format"],
    ["From with 16 digits", (sid) => real(sid, { From: "+1555000999912345" }), "format"],
    ["From whatsapp:", (sid) => real(sid, { From: `whatsapp:${VICTIM}` }), "format"],
    ["FromCity holding a phone number", (sid) => real(sid, { FromCity: `X${VICTIM}` }), "format"],
    ["OptOutType UNSUBSCRIBE", (sid) => real(sid, { OptOutType: "UNSUBSCRIBE" }), "format"],
    ["a malformed MessagingServiceSid", (sid) => real(sid, { MessagingServiceSid: "MGnope" }), "format"],
    ["SmsStatus other than received", (sid) => real(sid, { SmsStatus: "delivered" }), "format"],
    ["ApiVersion other than 2010-04-01", (sid) => real(sid, { ApiVersion: "2008-08-01" }), "format"],
  ];

  it.each(attacks)("%s", async (_name, shape, rule) => {
    const answer = await postSigned(`${h.server.url}/sms`, h.emulator.authToken, shape(nextSid()));
    expect(answer.status).toBe(400);
    const line = events(h, "inbound.invalid").at(-1)!;
    expect(line).toMatchObject({ rule });
    expect(String(line["msg"])).toContain(answer.body);
    await storedNothingFor(h, VICTIM);
  });

  const statusAttacks: [string, (sid: string) => Record<string, string>, string][] = [
    ["an unknown key", (sid) => status(sid, { Zzz: "1" }), "unknown-key"],
    ["no SmsSid", (sid) => without(status(sid), "SmsSid"), "missing-key"],
    ["no From", (sid) => without(status(sid), "From"), "missing-key"],
    ["SmsSid another sid", (sid) => status(sid, { SmsSid: messageSid(0xbad) }), "legacy-sid"],
    ["From another number", (sid) => status(sid, { From: "+15005550099" }), "not-our-number"],
    ["ErrorCode not a number", (sid) => status(sid, { ErrorCode: "21610x" }), "format"],
    ["a status Twilio does not have", (sid) => status(sid, { MessageStatus: "opted-out" }), "format"],
  ];
  const status = (sid: string, extra: Record<string, string> = {}) =>
    twilioStatus({ sid, accountSid: h.emulator.accountSid, from: BOT_NUMBER, to: VICTIM, status: "undelivered" }, { ErrorCode: "21610", ...extra });

  it.each(statusAttacks)("status callback: %s", async (_name, shape, rule) => {
    const answer = await postSigned(`${h.server.url}/sms/status`, h.emulator.authToken, shape(nextSid()));
    expect(answer.status).toBe(400);
    expect(events(h, "status.invalid").at(-1)).toMatchObject({ rule });
  });
});
