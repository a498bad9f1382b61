/** @module Segment counts against the verified vectors of Twilio's calculator. */
import { describe, expect, it } from "vitest";
import { countSegments } from "./segments.ts";

describe("countSegments", () => {
  const vectors: [string, string, "GSM-7" | "UCS-2", number, number][] = [
    ["Hello World", "Hello World", "GSM-7", 1, 11],
    ["160 a", "a".repeat(160), "GSM-7", 1, 160],
    ["161 a", "a".repeat(161), "GSM-7", 2, 161],
    ["306 a", "a".repeat(306), "GSM-7", 2, 306],
    ["307 a", "a".repeat(307), "GSM-7", 3, 307],
    ["80 €", "€".repeat(80), "GSM-7", 1, 160],
    ["81 €", "€".repeat(81), "GSM-7", 2, 162],
    ["70 ç", "ç".repeat(70), "UCS-2", 1, 70],
    ["71 ç", "ç".repeat(71), "UCS-2", 2, 71],
    ["35 👍", "👍".repeat(35), "UCS-2", 1, 70],
    ["36 👍", "👍".repeat(36), "UCS-2", 2, 72],
    ["curly quotes", "It’s “fine”", "UCS-2", 1, 11],
    ["backtick", "a`b", "UCS-2", 1, 3],
    ["1600 a", "a".repeat(1600), "GSM-7", 11, 1600],
    ["1600 ç", "ç".repeat(1600), "UCS-2", 24, 1600],
  ];
  it.each(vectors)("%s", (_name, body, encoding, segments, units) => {
    expect(countSegments(body)).toMatchObject({ encoding, segments, units, characters: body.length });
  });

  it("smart encoding turns curly quotes into GSM-7", () => {
    expect(countSegments("It’s “fine”", { smartEncoding: true }).encoding).toBe("GSM-7");
  });

  it("counts emoji as two characters toward Twilio's 1600 limit", () => {
    expect(countSegments("👍").characters).toBe(2);
  });
});
