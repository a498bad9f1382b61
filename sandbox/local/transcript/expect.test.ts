/** @module Expectation tests: matchers and the expected/actual explanation. */
import { describe, expect, it } from "vitest";
import { compareMessages } from "./expect.ts";

const msg = (body: string, media: string[] = [], to = "+15550001111") => ({ to, body, media, at: 0 });

describe("compareMessages", () => {
  it("passes exact bodies and matchers", () => {
    expect(compareMessages([{ body: "hi" }], [msg("hi")])).toBeNull();
    expect(compareMessages([{ contains: "ell" }, { regex: "^w.r" }, { oneOf: ["a", "b"] }], [msg("hello"), msg("world"), msg("b")])).toBeNull();
    expect(compareMessages([{ media: ["card.vcf"] }], [msg("x", ["card.vcf"])])).toBeNull();
    expect(compareMessages([], [])).toBeNull();
  });

  it("explains a wrong body with expected and actual lists", () => {
    expect(compareMessages([{ body: "We open at 7" }], [msg("We open at 8")])).toEqual([
      "message 1: body differs at character 12",
      "expected:",
      '  - 1. "We open at 7"',
      "actual:",
      '  + 1. "We open at 8"',
    ]);
  });

  it("explains a count mismatch, media, recipient and regex problems", () => {
    const lines = compareMessages([{ body: "a" }, { body: "b" }], [msg("a")]);
    expect(lines?.[0]).toBe("expected 2 messages, got 1 message");
    expect(compareMessages([], [msg("a", ["x.png"])])?.slice(-3)).toEqual(["  - (no messages)", "actual:", '  + 1. "a" [media: x.png]']);
    expect(compareMessages([{ media: [] }], [msg("a", ["x.png"])])?.[0]).toBe('message 1: media ["x.png"], expected []');
    expect(compareMessages([{ to: "+2" }], [msg("a")])?.[0]).toBe("message 1: sent to +15550001111, expected +2");
    expect(compareMessages([{ regex: "(" }], [msg("a")])?.[0]).toMatch(/^message 1: invalid regex "\("/);
    expect(compareMessages([{ oneOf: ["x", "y"] }], [msg("a")])?.[2]).toBe('  - 1. one of "x" | "y"');
  });
});
