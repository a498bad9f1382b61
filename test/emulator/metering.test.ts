/** @module The emulator meters senders like Twilio: queues released at the segment rate, 21611/30001 past the horizon, 30036 past a ValidityPeriod, 63017 above the account cap. */
import { afterEach, describe, expect, it } from "vitest";
import type { RestException } from "twilio";
import { FROM, TO, startPair, type Pair } from "./helpers.ts";
import type { EmulatedMessage } from "../../sandbox/emulator/index.ts";

let pair: Pair;
afterEach(() => pair.close());

/** A clock the test moves by hand. */
function virtualClock(start = Date.UTC(2026, 11, 2, 12)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms), start };
}

const sending = (m: EmulatedMessage) => m.history.find((h) => h.status === "sending")?.at ?? null;

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
}

describe("emulator metering", () => {
  it("is off by default: messages leave the queue at once", async () => {
    pair = await startPair();
    const created = await pair.client.messages.create({ to: TO, from: FROM, body: "x".repeat(400) });
    await pair.emulator.settle();
    expect(pair.emulator.message(created.sid)!.status).toBe("delivered");
    expect(pair.emulator.message(created.sid)!.releaseAt).toBeNull();
  });

  it("releases each sender's queue at its segment rate, counting segments (a 3-segment body holds the sender 3 s)", async () => {
    const clock = virtualClock();
    pair = await startPair({ now: clock.now, metering: { segmentsPerSecond: 1, senders: { "+15005550007": 3 } } });
    const bodies = ["a", "b".repeat(400), "c", "d"];
    const sids: string[] = [];
    for (const body of bodies) sids.push((await pair.client.messages.create({ to: TO, from: FROM, body })).sid);
    const other = (await pair.client.messages.create({ to: TO, from: "+15005550007", body: "e".repeat(200) })).sid;
    const t0 = clock.start;
    expect(sids.map((sid) => pair.emulator.message(sid)!.releaseAt! - t0)).toEqual([0, 1000, 4000, 5000]);
    expect(pair.emulator.message(other)!.releaseAt! - t0).toBe(0);
    // Nothing leaves `queued` before its time on the emulator's clock.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(pair.emulator.message(sids[2]!)!.status).toBe("queued");
    clock.advance(4000);
    await until(() => pair.emulator.message(sids[2]!)!.status === "delivered");
    expect(sending(pair.emulator.message(sids[2]!)!)! - t0).toBe(4000);
    expect(pair.emulator.message(sids[3]!)!.status).toBe("queued");
  });

  it("refuses a number's create past the queue horizon with 21611; a Messaging Service's fails after creation with 30001", async () => {
    const clock = virtualClock();
    const service = "MG" + "1".repeat(32);
    pair = await startPair({ now: clock.now, metering: { queueSeconds: 2 }, messagingServices: { [service]: [FROM] } });
    const outcomes = [];
    for (let i = 0; i < 4; i++)
      outcomes.push(
        await pair.client.messages.create({ to: TO, from: FROM, body: `m${i}` }).then(
          (m) => m.status,
          (e: RestException) => e.code,
        ),
      );
    expect(outcomes).toEqual(["queued", "queued", "queued", 21611]);
    const viaService: string[] = [];
    for (let i = 0; i < 4; i++) viaService.push((await pair.client.messages.create({ to: TO, messagingServiceSid: service, body: `s${i}` })).sid);
    await until(() => pair.emulator.message(viaService[3]!)!.status === "failed");
    expect(pair.emulator.message(viaService[3]!)!.errorCode).toBe(30001);
    expect(pair.emulator.message(viaService[2]!)!.status).not.toBe("failed");
  });

  it("fails a message still queued when its ValidityPeriod runs out with 30036, at that moment", async () => {
    const clock = virtualClock();
    pair = await startPair({ now: clock.now, metering: {} });
    for (let i = 0; i < 5; i++) await pair.client.messages.create({ to: TO, from: FROM, body: `ahead ${i}` });
    const late = await pair.client.messages.create({ to: TO, from: FROM, body: "late", validityPeriod: 3 });
    const fits = await pair.client.messages.create({ to: TO, from: FROM, body: "fits", validityPeriod: 10 });
    clock.advance(2900);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(pair.emulator.message(late.sid)!.status).toBe("queued");
    clock.advance(200);
    await until(() => pair.emulator.message(late.sid)!.status === "failed");
    const failed = pair.emulator.message(late.sid)!;
    expect([failed.errorCode, failed.history.at(-1)!.at - clock.start]).toEqual([30036, 3000]);
    // The expired message took no place in the queue: the next one goes at 5 s.
    expect(pair.emulator.message(fits.sid)!.releaseAt! - clock.start).toBe(5000);
  });

  it("answers 63017 above the account's messages-per-second cap, and accepts again a second later", async () => {
    const clock = virtualClock();
    pair = await startPair({ now: clock.now, metering: { accountMps: 2, segmentsPerSecond: 100 } });
    const send = () =>
      pair.client.messages.create({ to: TO, from: FROM, body: "x" }).then(
        (m) => m.status,
        (e: RestException) => `${e.status}/${e.code}`,
      );
    expect([await send(), await send(), await send()]).toEqual(["queued", "queued", "429/63017"]);
    clock.advance(1001);
    expect(await send()).toBe("queued");
  });

  it("can be switched on through the control API, and rejects a malformed setting", async () => {
    pair = await startPair();
    const patch = (body: unknown) =>
      fetch(`${pair.emulator.url}/_emulator/config`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await patch({ metering: { segmentsPerSecond: 3, queueSeconds: 60 } })).status).toBe(200);
    expect(pair.emulator.behavior().metering).toEqual({ segmentsPerSecond: 3, queueSeconds: 60 });
    expect((await patch({ metering: { segmentsPerSecond: -1 } })).status).toBe(400);
  });
});
