/** @module `sender:` in bot.config.yaml: the sender model it gives (rates, limits, inference as before) and config errors with file, line and key. */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../compiler/lint/config.ts";
import { messageCost, senderModel } from "../../runtime/sending/index.ts";

const model = (yaml: string, from: string | null = "+14155550100", messagingServiceSid: string | null = null) => {
  const { config, diagnostics } = parseConfig(yaml, "bot.config.yaml");
  expect(diagnostics).toEqual([]);
  return senderModel({ config: config.sender, from, messagingServiceSid });
};

describe("sender model", () => {
  it.each([
    ["long-code", 1],
    ["toll-free", 3],
    ["short-code", 100],
    ["messaging-service", 1],
    ["10dlc", 4],
  ])("a %s defaults to %d segment(s)/s", (type, rate) => {
    const m = model(`sender:\n  type: ${type}\n`);
    expect([m.segmentsPerSecond, m.rateSource, m.horizonMs, m.replyValidityMs, m.dailyCap]).toEqual([rate, `default for a ${type}`, 10_000, 600_000, null]);
  });

  it("takes segmentsPerSecond, horizon and reply validity from the config", () => {
    const m = model("sender:\n  type: toll-free\n  segmentsPerSecond: 25\n  horizonSeconds: 30\n  replyValiditySeconds: 120\n");
    expect([m.segmentsPerSecond, m.rateSource, m.horizonMs, m.replyValidityMs]).toEqual([25, "sender.segmentsPerSecond", 30_000, 120_000]);
  });

  it("meters a 10DLC campaign at its slowest configured carrier, with the lowest daily cap, since the recipient's carrier is unknown", () => {
    const m = model("sender:\n  type: 10dlc\n  carrierRates: { att: 75, tmobile: 40, verizon: 4.5 }\n  dailyCaps: { tmobile: 2000 }\n");
    expect([m.segmentsPerSecond, m.rateSource, m.dailyCap]).toEqual([4.5, "lowest of sender.carrierRates (verizon)", 2000]);
  });

  it("infers the type as before when sender: is absent, and keys the meter by the sender", () => {
    expect(senderModel({ config: null, from: "+18005550100", messagingServiceSid: null })).toMatchObject({ type: "toll-free", key: "+18005550100" });
    expect(senderModel({ config: null, from: "12345", messagingServiceSid: null })).toMatchObject({ type: "short-code", segmentsPerSecond: 100 });
    const service = "MG" + "a".repeat(32);
    expect(senderModel({ config: null, from: null, messagingServiceSid: service })).toMatchObject({ type: "messaging-service", key: service });
    expect(senderModel({ config: null, from: "+14155550100", messagingServiceSid: null, segmentRates: { "long-code": 2 } })).toMatchObject({
      segmentsPerSecond: 2,
      rateSource: "broadcast.segmentRates.long-code",
    });
  });

  it("reports an unknown type, bad rates and unknown keys as config errors with file, line and key", () => {
    const { diagnostics } = parseConfig(
      "sender:\n  type: pager\n  segmentsPerSecond: 0\n  carrierRates:\n    att: fast\n  dailyCaps: { tmobile: 1.5 }\n  burst: 3\n",
      "bot.config.yaml",
    );
    const found = diagnostics.map((d) => [d.code, d.span.file, d.span.start.line, d.message.replace(/^bot.config.yaml: /, "")]);
    expect(found).toEqual([
      ["BOT290", "bot.config.yaml", 2, expect.stringMatching(/^sender\.type: "pager" is not allowed; use .*"10dlc"$/)],
      ["BOT290", "bot.config.yaml", 3, expect.stringMatching(/^sender\.segmentsPerSecond: 0 is not allowed/)],
      ["BOT290", "bot.config.yaml", 5, expect.stringMatching(/^sender\.carrierRates\.att: "fast" is not allowed/)],
      ["BOT290", "bot.config.yaml", 6, expect.stringMatching(/^sender\.dailyCaps\.tmobile: 1\.5 is not allowed/)],
      ["BOT290", "bot.config.yaml", 7, expect.stringMatching(/^sender\.burst: unknown key/)],
    ]);
  });

  it("costs an SMS its segments and an MMS one unit", () => {
    expect(messageCost("a".repeat(160), [])).toBe(1);
    expect(messageCost("a".repeat(161), [])).toBe(2);
    expect(messageCost("ç".repeat(135), [])).toBe(3);
    expect(messageCost("a".repeat(400), ["https://example.com/cat.png"])).toBe(1);
  });
});
