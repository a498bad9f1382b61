/** @module Segment estimates against Twilio's calculator and the published vectors (twilio.md §6.5 plus GSM-7 extension, emoji, CJK). */
import { describe, expect, it } from "vitest";
import { SegmentedMessage } from "sms-segments-calculator";
import { estimateSegments, gsmLookAlike, renderMessages, defaultConfig } from "../../compiler/lint/index.ts";
import type { BotIR, Template } from "../../compiler/ir/types.ts";

const r = (s: string, n: number) => s.repeat(n);

/** [text, encoding, segments]: rows 1–22 of the verified table, then more of the same kinds. */
const VECTORS: [string, "GSM-7" | "UCS-2", number][] = [
  ["Hello World", "GSM-7", 1],
  [r("a", 160), "GSM-7", 1],
  [r("a", 161), "GSM-7", 2],
  [r("a", 306), "GSM-7", 2],
  [r("a", 307), "GSM-7", 3],
  [r("€", 80), "GSM-7", 1],
  [r("€", 81), "GSM-7", 2],
  [r("a", 159) + "€", "GSM-7", 2],
  [r("ç", 70), "UCS-2", 1],
  [r("ç", 71), "UCS-2", 2],
  [r("ç", 134), "UCS-2", 2],
  [r("ç", 135), "UCS-2", 3],
  [r("👍", 35), "UCS-2", 1],
  [r("👍", 36), "UCS-2", 2],
  [r("a", 69) + "👍", "UCS-2", 2],
  ["It’s “fine”", "UCS-2", 1],
  ["a`b", "UCS-2", 1],
  [r("a", 1600), "GSM-7", 11],
  [r("ç", 1600), "UCS-2", 24],
  ["Price: 10€ [promo] ~ok^", "GSM-7", 1],
  ["Olá, tudo bem? Até já!", "UCS-2", 1],
  ["👨‍👩‍👧", "UCS-2", 1],
  // GSM-7 extension table: each character costs two septets.
  [r("{", 80), "GSM-7", 1],
  [r("}", 81), "GSM-7", 2],
  [r("\\", 76) + r("a", 8), "GSM-7", 1],
  [r("|", 77) + r("a", 7), "GSM-7", 2],
  ["Ç is GSM-7, Δ Φ Γ too", "GSM-7", 1],
  ["¤ £ ¥ § ¿ ¡ Ä Ö Ñ Ü à", "GSM-7", 1],
  ["tab\there", "UCS-2", 1],
  ["non\u00a0breaking", "UCS-2", 1],
  ["wait…", "UCS-2", 1],
  ["a – b — c", "UCS-2", 1],
  // CJK: one UTF-16 unit each.
  [r("你好", 35), "UCS-2", 1],
  [r("你好", 36), "UCS-2", 2],
  [r("こんにちは", 27), "UCS-2", 3],
  ["안녕하세요", "UCS-2", 1],
  // Emoji with a skin tone: four units, never split.
  [r("👍🏽", 17), "UCS-2", 1],
  [r("👍🏽", 18), "UCS-2", 2],
  ["line\r\nbreak", "GSM-7", 1],
  [r("a", 152) + "\n" + r("b", 7), "GSM-7", 1],
  ["مرحبا بك", "UCS-2", 1],
];

describe("estimateSegments", () => {
  it("has at least 30 vectors", () => expect(VECTORS.length).toBeGreaterThanOrEqual(30));
  VECTORS.forEach(([text, encoding, segments], i) => {
    it(`vector #${i + 1} (${JSON.stringify(text.slice(0, 16))}… ×${text.length}) is ${encoding}, ${segments} segment(s)`, () => {
      const estimate = estimateSegments(text);
      const calculator = new SegmentedMessage(text, "auto", false);
      expect(estimate.encoding).toBe(encoding);
      expect(estimate.segments).toBe(segments);
      expect(estimate.segments).toBe(calculator.segmentsCount);
      expect(estimate.length).toBe(text.length);
    });
  });
  it("counts an empty body as no segment", () => expect(estimateSegments("").segments).toBe(0));
  it("lists the characters that force UCS-2, each once", () => {
    expect(estimateSegments("It’s “fine”, it’s").nonGsm).toEqual(["’", "“", "”"]);
  });
  it("suggests Twilio's Smart Encoding look-alikes", () => {
    expect(gsmLookAlike("’")).toBe("'");
    expect(gsmLookAlike("“")).toBe('"');
    expect(gsmLookAlike("–")).toBe("-");
    expect(gsmLookAlike("…")).toBe("...");
    expect(gsmLookAlike("你")).toBeUndefined();
  });
});

describe("renderMessages (worst case)", () => {
  const ir = { vars: { name: "Dexter" }, globals: {}, arrays: { colors: ["red", "turquoise"] } } as unknown as BotIR;
  const settings = { ...defaultConfig().lint, assumedVariableLength: 10 };
  const span = { file: "x.bot", start: { offset: 0, line: 1, column: 1 }, end: { offset: 1, line: 1, column: 2 } };
  const render = (body: Template) => renderMessages({ kind: "reply", body, span, trigger: null }, ir, settings);
  const text = (value: string) => ({ type: "text" as const, value });

  it("takes the costliest {random} option (UCS-2 beats a longer GSM-7 one)", () => {
    const [m] = render([text(r("a", 100)), { type: "random", options: [[text(r("b", 40))], [text("’")]] }]);
    expect(m?.worstText).toBe(r("a", 100) + "’");
    expect(m?.segments).toBe(new SegmentedMessage(r("a", 100) + "’").segmentsCount);
    expect(m?.encoding).toBe("UCS-2");
  });
  it("counts variables at the assumed length, bot variables and arrays at their values", () => {
    const [m] = render([
      text("Hi "),
      { type: "get", name: "x" },
      text(" from "),
      { type: "bot", name: "name" },
      text(" "),
      { type: "arrayPick", name: "colors" },
    ]);
    expect(m?.worstText).toBe(`Hi ${r("x", 10)} from Dexter turquoise`);
  });
  it("splits at <send> and <delay>, timing each message", () => {
    const messages = render([text("one"), { type: "send" }, text("two"), { type: "delay", seconds: 2, cancelable: true }, text("three")]);
    expect(messages.map((m) => [m.worstText, m.at])).toEqual([
      ["one", 0],
      ["two", 0],
      ["three", 2],
    ]);
  });
  it("appends buttons as a numbered menu and renders links as title: url", () => {
    const [m] = render([
      text("Pick"),
      { type: "buttons", labels: [[text("Hours")], [text("Menu")]] },
      { type: "link", url: [text("https://x.test")], title: [text("Site")] },
    ]);
    expect(m?.worstText).toBe("Pick\n1) Hours\n2) MenuSite: https://x.test");
  });
  it("falls back to the costliest option per choice when combinations explode", () => {
    const choice = { type: "random" as const, options: [[text("a")], [text("bb")], [text("ccc")]] };
    const [m] = render(Array.from({ length: 6 }, () => choice));
    expect(m?.worstText).toBe(r("ccc", 6));
  });
});

describe("estimateSegments fast path (property)", () => {
  it("agrees with the calculator on any mix of GSM-7, extension and other characters", async () => {
    const fc = await import("fast-check");
    const alphabet = ["a", "Z", "0", " ", "\n", "@", "é", "Ç", "Δ", "ß", "{", "€", "|", "\r", "ç", "’", "👍", "你"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 400 }), fc.nat(400), (chars, pad) => {
        const text = chars.join("") + "a".repeat(pad % 2 === 0 ? pad : 0);
        const estimate = estimateSegments(text);
        if (text.length === 0) return estimate.segments === 0;
        const calculator = new SegmentedMessage(text, "auto", false);
        return estimate.segments === calculator.segmentsCount && estimate.encoding === calculator.encodingName;
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});

describe("estimateSegments fast path on basic GSM-7 text (property)", () => {
  it("agrees with the calculator at every length around the segment boundaries", async () => {
    const fc = await import("fast-check");
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "Z", " ", "\n", "@", "é", "Δ", "ß", "?"), { minLength: 1, maxLength: 700 }), (chars) => {
        const text = chars.join("");
        return estimateSegments(text).segments === new SegmentedMessage(text, "auto", false).segmentsCount;
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
