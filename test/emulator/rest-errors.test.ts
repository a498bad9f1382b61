/** @module Every REST error the emulator answers, seen through the real twilio client as RestException. */
import { afterEach, describe, expect, it } from "vitest";
import type { RestException } from "twilio";
import { createTwilioClient } from "../../runtime/twilio/client.ts";
import { FROM, TO, startPair, type Pair } from "./helpers.ts";
import type { EmulatorOptions } from "../../sandbox/emulator/index.ts";

const SERVICE = "MG" + "b".repeat(32);
let pair: Pair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

async function rejection(options: EmulatorOptions, params: Record<string, unknown>): Promise<RestException> {
  pair = await startPair(options);
  const error = await pair.client.messages.create(params as never).then(
    () => null,
    (e: unknown) => e,
  );
  if (error === null) throw new Error("expected the create to fail");
  return error as RestException;
}

const media = (n: number) => Array.from({ length: n }, (_, i) => `https://example.com/${i}.png`);

describe("Messages.create errors", () => {
  const cases: [string, number, number, EmulatorOptions, Record<string, unknown>][] = [
    ["invalid To", 21211, 400, {}, { to: "+0123", from: FROM, body: "x" }],
    ["To that is not a number", 21211, 400, {}, { to: "hello", from: FROM, body: "x" }],
    ["no From and no Messaging Service", 21603, 400, {}, { to: TO, body: "x" }],
    ["malformed From", 21212, 400, {}, { to: TO, from: "+1-800-nope!", body: "x" }],
    ["From equals To", 21266, 400, {}, { to: TO, from: TO, body: "x" }],
    ["From not owned by the account", 21659, 400, { phoneNumbers: [{ phone: FROM }] }, { to: TO, from: "+15005550007", body: "x" }],
    ["From without SMS capability", 21606, 400, { phoneNumbers: [{ phone: FROM, sms: false }] }, { to: TO, from: FROM, body: "x" }],
    ["media from a number without MMS", 21621, 400, { phoneNumbers: [{ phone: FROM, mms: false }] }, { to: TO, from: FROM, mediaUrl: media(1) }],
    ["unknown Messaging Service", 21701, 400, { messagingServices: { [SERVICE]: [FROM] } }, { to: TO, messagingServiceSid: "MG" + "c".repeat(32), body: "x" }],
    ["empty body, no media", 21602, 400, {}, { to: TO, from: FROM, body: "   " }],
    ["body of 1601 characters", 21617, 400, {}, { to: TO, from: FROM, body: "a".repeat(1601) }],
    ["800 emoji (1600 UTF-16 units) plus one", 21617, 400, {}, { to: TO, from: FROM, body: "👍".repeat(800) + "a" }],
    ["11 media", 21623, 400, {}, { to: TO, from: FROM, body: "x", mediaUrl: media(11) }],
    ["media URL that is not http(s)", 21620, 400, {}, { to: TO, from: FROM, mediaUrl: ["ftp://example.com/a.png"] }],
    ["StatusCallback with an underscore host", 21609, 400, {}, { to: TO, from: FROM, body: "x", statusCallback: "https://my_host.example.com/s" }],
    ["trial account, unverified To", 21608, 400, { trial: true, verifiedNumbers: ["+14155550199"] }, { to: TO, from: FROM, body: "x" }],
    ["injected per recipient", 21614, 400, { recipientErrors: { [TO]: 21614 } }, { to: TO, from: FROM, body: "x" }],
    ["injected Geo-Permission error", 21408, 400, { recipientErrors: { [TO]: 21408 } }, { to: TO, from: FROM, body: "x" }],
  ];
  for (const [name, code, status, options, params] of cases) {
    it(`${name} → ${code}`, async () => {
      const error = await rejection(options, params);
      expect(error.status).toBe(status);
      expect(error.code).toBe(code);
      expect(error.moreInfo).toBe(`https://www.twilio.com/docs/errors/${code}`);
      expect(pair?.emulator.messages()).toEqual([]);
    });
  }

  it("accepts exactly 1600 characters and 10 media", async () => {
    pair = await startPair();
    const message = await pair.client.messages.create({ to: TO, from: FROM, body: "a".repeat(1600), mediaUrl: media(10) });
    expect(message.numSegments).toBe("11");
    expect(message.numMedia).toBe("10");
    expect(message.sid).toMatch(/^MM[0-9a-f]{32}$/);
  });

  it("trial account may message a verified number", async () => {
    pair = await startPair({ trial: true, verifiedNumbers: [TO] });
    const message = await pair.client.messages.create({ to: TO, from: FROM, body: "hi" });
    expect(message.status).toBe("queued");
  });

  it("wrong auth token → 401, 20003", async () => {
    pair = await startPair();
    const client = createTwilioClient({ accountSid: pair.emulator.accountSid, authToken: "not-the-token", baseUrl: pair.emulator.url });
    const error = (await client.messages.create({ to: TO, from: FROM, body: "x" }).catch((e: unknown) => e)) as RestException;
    expect(error.status).toBe(401);
    expect(error.code).toBe(20003);
  });

  it("another account's SID in the path → 401, 20003", async () => {
    pair = await startPair();
    const client = createTwilioClient({ accountSid: "AC" + "0".repeat(32), authToken: pair.emulator.authToken, baseUrl: pair.emulator.url });
    const error = (await client.messages.create({ to: TO, from: FROM, body: "x" }).catch((e: unknown) => e)) as RestException;
    expect(error.code).toBe(20003);
  });

  it("fetching an unknown SID → 404, 20404", async () => {
    pair = await startPair();
    const error = (await pair.client
      .messages("SM" + "1".repeat(32))
      .fetch()
      .catch((e: unknown) => e)) as RestException;
    expect(error.status).toBe(404);
    expect(error.code).toBe(20404);
  });
});

describe("rate limit", () => {
  it("answers 429 / 20429 past the limit and accepts again in the next window", async () => {
    let now = Date.UTC(2026, 0, 1);
    pair = await startPair({ rateLimit: { limit: 3, windowMs: 1000 }, now: () => now });
    const send = () =>
      pair!.client.messages.create({ to: TO, from: FROM, body: "x" }).then(
        () => "ok",
        (e: RestException) => `${e.status}/${e.code}`,
      );
    const first = [await send(), await send(), await send(), await send()];
    expect(first).toEqual(["ok", "ok", "ok", "429/20429"]);
    now += 1000;
    expect(await send()).toBe("ok");
    expect(pair.emulator.messages()).toHaveLength(4);
  });

  it("twilio-node's autoRetry gets through after injected 429s", async () => {
    pair = await startPair();
    pair.emulator.injectFault({ type: "status", status: 429, times: 2 });
    const retrying = createTwilioClient({
      accountSid: pair.emulator.accountSid,
      authToken: pair.emulator.authToken,
      baseUrl: pair.emulator.url,
      autoRetry: true,
      maxRetries: 3,
    });
    const message = await retrying.messages.create({ to: TO, from: FROM, body: "second" });
    expect(message.body).toBe("second");
    expect(pair.emulator.messages()).toHaveLength(1);
  });
});
