import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backlogMs, check, initialMeter, slowDown, take } from "./bucket.ts";
import type { MeterLimits, MeterState, Traffic } from "./bucket.ts";

const DAY = "2026-12-02";

interface Granted {
  at: number;
  cost: number;
  traffic: Traffic;
  startsAt: number;
  endsAt: number;
}

/** Offers messages at the given times and keeps what the meter granted (a refused message is offered again at its next time). */
function run(limits: MeterLimits, offers: { dt: number; cost: number; traffic: Traffic }[], slowAt: Set<number> = new Set()): Granted[] {
  let state: MeterState = initialMeter(0, DAY);
  let now = 0;
  const granted: Granted[] = [];
  offers.forEach((offer, i) => {
    now += offer.dt;
    if (slowAt.has(i)) state = slowDown(state, limits, now);
    const result = take(state, offer.cost, offer.traffic, limits, now, DAY);
    state = result.state;
    if (result.granted) granted.push({ at: now, cost: offer.cost, traffic: offer.traffic, startsAt: result.startsAt, endsAt: result.state.drainAt });
  });
  return granted;
}

const limitsArb = fc.record({
  segmentsPerSecond: fc.constantFrom(1, 3, 4, 100),
  horizonMs: fc.integer({ min: 0, max: 20_000 }),
  broadcastAheadMs: fc.constantFrom(0, 250, 1000),
  dailyCap: fc.constant(null),
});
const offersArb = fc.array(
  fc.record({ dt: fc.integer({ min: 0, max: 1500 }), cost: fc.integer({ min: 1, max: 5 }), traffic: fc.constantFrom<Traffic>("conversational", "broadcast") }),
  { maxLength: 200 },
);

describe("sender bucket", () => {
  it("never lets the sender release more than its rate in any window: each message's segments follow the previous one's", () => {
    fc.assert(
      fc.property(limitsArb, offersArb, fc.uniqueArray(fc.nat(199), { maxLength: 5 }), (limits, offers, slow) => {
        const granted = run(limits, offers, new Set(slow));
        for (let i = 1; i < granted.length; i++) expect(granted[i]!.startsAt).toBeGreaterThanOrEqual(granted[i - 1]!.endsAt - 1e-6);
        for (const g of granted) expect(g.endsAt - g.startsAt).toBeGreaterThanOrEqual((g.cost * 1000) / limits.segmentsPerSecond - 1e-6);
        // Segments released in any window [a, a + W): at most rate × W, plus the one segment at its start.
        for (const g of granted) {
          const from = g.startsAt;
          for (const w of [1000, 3000]) {
            let segments = 0;
            for (const h of granted) {
              const step = (h.endsAt - h.startsAt) / h.cost;
              for (let k = 0; k < h.cost; k++) if (h.startsAt + k * step >= from && h.startsAt + k * step < from + w - 1e-6) segments++;
            }
            expect(segments).toBeLessThanOrEqual(Math.ceil((limits.segmentsPerSecond * w) / 1000 - 1e-9));
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it("never hands Twilio more than the horizon (or one message into an idle queue)", () => {
    fc.assert(
      fc.property(limitsArb, offersArb, (limits, offers) => {
        for (const g of run(limits, offers)) {
          const ahead = g.traffic === "conversational" ? limits.horizonMs : Math.min(limits.broadcastAheadMs, limits.horizonMs);
          const alone = g.startsAt === g.at;
          if (!alone) expect(g.endsAt - g.at).toBeLessThanOrEqual(ahead + 1e-6);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("counts hand-offs in segments: in any window, what was handed is at most rate × window plus what may be queued ahead", () => {
    fc.assert(
      fc.property(limitsArb, offersArb, (limits, offers) => {
        const granted = run(limits, offers);
        const maxCost = Math.max(0, ...granted.map((g) => g.cost));
        const ahead = Math.max(limits.horizonMs, limits.broadcastAheadMs);
        for (const g of granted)
          for (const w of [1000, 5000]) {
            const handed = granted.filter((h) => h.at >= g.at && h.at < g.at + w).reduce((sum, h) => sum + h.cost, 0);
            expect(handed).toBeLessThanOrEqual((limits.segmentsPerSecond * (w + ahead)) / 1000 + maxCost + 1e-6);
          }
      }),
      { numRuns: 200 },
    );
  });

  it("a broadcast never builds a queue a reply must wait behind for more than one metering interval or one message", () => {
    fc.assert(
      fc.property(limitsArb, offersArb, fc.integer({ min: 0, max: 30_000 }), (limits, offers, replyAt) => {
        const broadcastOnly = offers.map((o) => ({ ...o, traffic: "broadcast" as const }));
        let state = initialMeter(0, DAY);
        let now = 0;
        let maxCost = 0;
        for (const offer of broadcastOnly) {
          if (now + offer.dt > replyAt) break;
          now += offer.dt;
          const result = take(state, offer.cost, "broadcast", limits, now, DAY);
          state = result.state;
          if (result.granted) maxCost = Math.max(maxCost, offer.cost);
        }
        const wait = backlogMs(state, replyAt);
        expect(wait).toBeLessThanOrEqual(Math.max(Math.min(limits.broadcastAheadMs, limits.horizonMs), (maxCost * 1000) / limits.segmentsPerSecond) + 1e-6);
        // …and the reply itself may go at once while that queue fits the horizon.
        if (wait + 1000 / limits.segmentsPerSecond <= limits.horizonMs) expect(check(state, 1, "conversational", limits, replyAt, DAY).granted).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("stops at the daily cap and starts again the next day", () => {
    const limits: MeterLimits = { segmentsPerSecond: 100, horizonMs: 10_000, broadcastAheadMs: 250, dailyCap: 2 };
    let state = initialMeter(0, DAY);
    for (let i = 0; i < 2; i++) {
      const result = take(state, 1, "broadcast", limits, i * 1000, DAY);
      expect(result.granted).toBe(true);
      state = result.state;
    }
    const capped = take(state, 1, "conversational", limits, 5000, DAY);
    expect(capped).toMatchObject({ granted: false, reason: "daily-cap" });
    expect(take(capped.state, 1, "broadcast", limits, 6000, "2026-12-03").granted).toBe(true);
  });

  it("slows down on back-pressure and recovers a minute after the last push", () => {
    const limits: MeterLimits = { segmentsPerSecond: 4, horizonMs: 0, broadcastAheadMs: 0, dailyCap: null };
    let state = slowDown(initialMeter(0, DAY), limits, 0);
    state = slowDown(state, limits, 100);
    expect(state.slowFactor).toBe(0.25);
    const slow = take({ ...state, drainAt: 1000 }, 1, "broadcast", limits, 1000, DAY);
    expect(slow.granted && slow.state.drainAt - 1000).toBe(1000);
    const later = take({ ...state, drainAt: 70_000 }, 1, "broadcast", limits, 70_000, DAY);
    expect(later.granted && later.state.drainAt - 70_000).toBe(250);
  });
});
