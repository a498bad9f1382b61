/** @module What each send failure means: retry, reconcile, or give up. */
import { describe, expect, it } from "vitest";
import { backoffMs, classifySendError } from "../../runtime/outbox/index.ts";

const rest = (status: number, code?: number) => Object.assign(new Error("twilio says no"), { status, ...(code !== undefined && { code }) });
const net = (code: string) => Object.assign(new Error(code), { code });

describe("classifySendError", () => {
  it.each([
    ["429", rest(429, 20429), "retry"],
    ["429 without a code", rest(429), "retry"],
    ["21611 queue full", rest(400, 21611), "retry"],
    ["500", rest(500, 20500), "unknown"],
    ["503 without a code", rest(503), "unknown"],
    ["21610", rest(400, 21610), "failed"],
    ["21614", rest(400, 21614), "failed"],
    ["an unknown 4xx code", rest(400, 99999), "failed"],
    ["connection refused", net("ECONNREFUSED"), "retry"],
    ["DNS failure", net("ENOTFOUND"), "retry"],
    ["connection reset", net("ECONNRESET"), "unknown"],
    ["timeout", net("ECONNABORTED"), "unknown"],
    ["anything unexpected", new TypeError("boom"), "unknown"],
  ])("%s → %s", (_name, error, type) => {
    expect(classifySendError(error).type).toBe(type);
  });

  it("keeps the Twilio code of a final failure", () => {
    expect(classifySendError(rest(400, 21614))).toMatchObject({ type: "failed", code: 21614, reason: expect.stringMatching(/not a mobile number/) });
  });
});

describe("backoffMs", () => {
  it("grows exponentially up to the cap, half of it jitter", () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => backoffMs(n, () => 0.999999))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(30, () => 1, 1000, 60_000)).toBe(60_000);
  });
});
