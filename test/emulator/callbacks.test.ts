/** @module Status callbacks: Twilio's lifecycle, signed with X-Twilio-Signature, failures, Messaging Services, seeded reordering. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import twilio from "twilio";
import { FROM, TO, startPair, startReceiver, type Pair, type Receiver } from "./helpers.ts";
import type { EmulatorOptions } from "../../sandbox/emulator/index.ts";

let pair: Pair | undefined;
let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await pair?.close();
  pair = undefined;
  await receiver.close();
});

async function send(options: EmulatorOptions, params: Record<string, unknown> = {}) {
  pair = await startPair(options);
  const message = await pair.client.messages.create({
    to: TO,
    from: FROM,
    body: "hello",
    statusCallback: `${receiver.url}/status?bot=faq`,
    ...params,
  } as never);
  await pair.emulator.settle();
  return message;
}

const statuses = () => receiver.requests.map((r) => r.params["MessageStatus"]);

describe("status callbacks", () => {
  it("POST sending → sent → delivered, never the initial queued", async () => {
    const message = await send({});
    expect(message.status).toBe("queued");
    expect(statuses()).toEqual(["sending", "sent", "delivered"]);
    expect(pair!.emulator.message(message.sid)?.history.map((h) => h.status)).toEqual(["queued", "sending", "sent", "delivered"]);
  });

  it("carry Twilio's fields and a signature twilio.validateRequest accepts", async () => {
    const message = await send({});
    const url = `${receiver.url}/status?bot=faq`;
    for (const request of receiver.requests) {
      expect(request.params).toMatchObject({
        MessageSid: message.sid,
        SmsSid: message.sid,
        AccountSid: pair!.emulator.accountSid,
        From: FROM,
        To: TO,
        ApiVersion: "2010-04-01",
      });
      expect(request.params["SmsStatus"]).toBe(request.params["MessageStatus"]);
      expect(request.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
      const signature = String(request.headers["x-twilio-signature"]);
      expect(twilio.validateRequest(pair!.emulator.authToken, signature, url, request.params)).toBe(true);
      expect(twilio.validateRequest("another-token", signature, url, request.params)).toBe(false);
      expect(twilio.validateRequest(pair!.emulator.authToken, signature, url, { ...request.params, MessageStatus: "read" })).toBe(false);
    }
    expect(receiver.requests.at(-1)?.params["RawDlrDoneDate"]).toMatch(/^\d{10}$/);
    expect(receiver.requests[0]?.params["ErrorCode"]).toBeUndefined();
  });

  it("undelivered with ErrorCode for a number configured to fail", async () => {
    const message = await send({ delivery: { failures: { [TO]: { status: "undelivered", errorCode: 30003 } } } });
    expect(statuses()).toEqual(["sending", "sent", "undelivered"]);
    expect(receiver.requests.at(-1)?.params["ErrorCode"]).toBe("30003");
    const fetched = await pair!.client.messages(message.sid).fetch();
    expect(fetched.status).toBe("undelivered");
    expect(fetched.errorCode).toBe(30003);
    expect(fetched.errorMessage).toBe("Unreachable destination handset");
  });

  it("failed straight from queued for a `failed` failure", async () => {
    await send({ delivery: { failures: { [TO]: { status: "failed", errorCode: 30001 } } } });
    expect(statuses()).toEqual(["failed"]);
    expect(receiver.requests[0]?.params["ErrorCode"]).toBe("30001");
  });

  it("random failures follow the seed: the same seed fails the same messages", async () => {
    const run = async () => {
      pair = await startPair({ seed: 7, delivery: { failureRate: { probability: 0.5, status: "undelivered", errorCode: 30008 } } });
      for (let i = 0; i < 12; i++) await pair.client.messages.create({ to: `+1415555${String(i).padStart(4, "0")}`, from: FROM, body: `m${i}` });
      await pair.emulator.settle();
      const outcome = pair.emulator.messages().map((m) => m.status);
      await pair.close();
      pair = undefined;
      return outcome;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first).toContain("undelivered");
    expect(first).toContain("delivered");
  });

  it("a Messaging Service message starts accepted, reports queued, and gets a sticky sender from the pool", async () => {
    const service = "MG" + "d".repeat(32);
    const pool = ["+15005550006", "+15005550008"];
    const message = await send({ messagingServices: { [service]: pool } }, { from: undefined, messagingServiceSid: service });
    expect(message.status).toBe("accepted");
    expect(message.from).toBeNull();
    expect(message.numSegments).toBe("0");
    expect(statuses()).toEqual(["queued", "sending", "sent", "delivered"]);
    expect(receiver.requests[0]?.params["MessagingServiceSid"]).toBe(service);
    const fetched = await pair!.client.messages(message.sid).fetch();
    expect(pool).toContain(fetched.from);
    expect(fetched.numSegments).toBe("1");
    const again = await pair!.client.messages.create({ to: TO, messagingServiceSid: service, body: "again" });
    await pair!.emulator.settle();
    expect((await pair!.client.messages(again.sid).fetch()).from).toBe(fetched.from);
  });

  it("reordering (seeded) delivers the callbacks of a message out of order, the resource stays in order", async () => {
    const message = await send({ seed: 3, delivery: { reorderProbability: 1 } });
    expect(statuses()).toHaveLength(3);
    expect(statuses()).not.toEqual(["sending", "sent", "delivered"]);
    expect([...statuses()].sort()).toEqual(["delivered", "sending", "sent"]);
    expect((await pair!.client.messages(message.sid).fetch()).status).toBe("delivered");
    const order = statuses();
    await pair!.close();
    receiver.requests.length = 0;
    await send({ seed: 3, delivery: { reorderProbability: 1 } });
    expect(statuses()).toEqual(order);
  });

  it("records a callback the receiver could not take, and keeps delivering", async () => {
    receiver.respond({ status: 500 });
    const message = await send({});
    const attempts = pair!.emulator.message(message.sid)?.callbacks ?? [];
    expect(attempts.map((a) => a.responseStatus)).toEqual([500, 500, 500]);
    expect(pair!.emulator.message(message.sid)?.status).toBe("delivered");
  });

  it("refuses to POST a callback off loopback and says so", async () => {
    const lines: string[] = [];
    pair = await startPair({ log: (line) => lines.push(line) });
    const message = await pair.client.messages.create({ to: TO, from: FROM, body: "x", statusCallback: "https://bot.example.com/status" });
    await pair.emulator.settle();
    const attempts = pair.emulator.message(message.sid)?.callbacks ?? [];
    expect(attempts[0]?.error).toMatch(/not a loopback/);
    expect(lines.join("\n")).toMatch(/status callback sending .* failed/);
  });

  it("onMessage sees each created message; reset forgets them", async () => {
    pair = await startPair();
    const seen: string[] = [];
    const stop = pair.emulator.onMessage((m) => seen.push(m.body));
    await pair.client.messages.create({ to: TO, from: FROM, body: "one" });
    stop();
    await pair.client.messages.create({ to: TO, from: FROM, body: "two" });
    expect(seen).toEqual(["one"]);
    expect(pair.emulator.messagesTo(TO).map((m) => m.body)).toEqual(["one", "two"]);
    expect(pair.emulator.messagesTo("+14155550111")).toEqual([]);
    pair.emulator.reset();
    expect(pair.emulator.messages()).toEqual([]);
  });
});
