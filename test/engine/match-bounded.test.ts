/**
 * @module Matching in bounded time (issue 20, "Trigger ReDoS"): any trigger against any message of up to 1,600
 * characters takes at most `stepBound` steps (a few per pattern step and message position), counted by the
 * matcher's meter, never timed. The bounded matcher agrees with the backtracking one it replaced on every
 * generated pattern and message, captures included.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import type { GluedPiece, Pattern, PatternPart } from "../../compiler/ir/types.ts";
import { compilePattern } from "../../engine/match/compile.ts";
import { matchPattern, newMeter, MATCH_STEP_BUDGET } from "../../engine/match/match.ts";
import { stepBound } from "../../engine/match/program.ts";
import { matchPattern as backtrackingMatch } from "./support/backtracking-matcher.ts";
import { conversation, SPAN } from "./helpers.ts";

const ARRAYS = { colors: ["red", "light blue", "a"], empty: [] as string[] };
const resolve = (): readonly string[] => ["a"];
const SMS_MAX = 1600;

/** The pattern of `+ TRIGGER` as the compiler writes it. */
function triggerPattern(trigger: string): Pattern {
  const { ir, diagnostics } = compile([{ path: "t.bot", text: `+ ${trigger}\n- ok\n` }]);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return ir.triggers[0]!.pattern;
}

/** Words repeated up to 1,600 characters (joined by spaces). */
function messageOf(words: readonly string[], max = SMS_MAX): string[] {
  const out: string[] = [];
  let length = -1;
  for (let i = 0; length + 1 + words[i % words.length]!.length <= max; i++) {
    out.push(words[i % words.length]!);
    length += 1 + words[i % words.length]!.length;
  }
  return out;
}

function widthOf(words: readonly string[]): number {
  return Array.from(words.join(" ")).length;
}

/** Matches with a meter; asserts the count stays within the pattern's bound and the budget. */
function measured(pattern: Pattern, words: readonly string[]) {
  const compiled = compilePattern(pattern, ARRAYS);
  const meter = newMeter();
  const captures = matchPattern(compiled, words, resolve, meter);
  const bound = stepBound(compiled.program, widthOf(words));
  return { captures, steps: meter.steps, exhausted: meter.exhausted, bound, compiled };
}

describe("matching in bounded time", () => {
  // The last column: compare with the matcher it replaced. Not for one long word: the old matcher runs the glued
  // token's regex on it in a single call (minutes, with no step to count in between).
  const findings: [string, string[], boolean][] = [
    ["[* [* [* a]]] z", ["z", ...messageOf(["a"], SMS_MAX - 2)], true],
    ["*a*a*b", ["z", ...messageOf(["a"], SMS_MAX - 2)], true],
    ["*a*a*a*b", [messageOf(["a"]).join("")], false],
    ["[* [* [* [* a]]]] z *", ["z", ...messageOf(["a"], SMS_MAX - 2)], true],
    ["* *a*a*b *", messageOf(["a"]), true],
  ];

  it.each(findings)("matches %s against a 1,600-character message within its step bound", (trigger, words, compare) => {
    const pattern = triggerPattern(trigger);
    const { steps, exhausted, bound } = measured(pattern, words);
    expect(exhausted).toBe(false);
    expect(steps).toBeLessThanOrEqual(bound);
    expect(bound).toBeLessThan(MATCH_STEP_BUDGET);
    if (!compare) return;
    // The matcher it replaced goes past that bound (stopped there, not waited for).
    const old = { steps: 0, budget: bound, exhausted: false };
    backtrackingMatch(compilePattern(pattern, ARRAYS), words, resolve, old);
    expect(old.exhausted).toBe(true);
  });

  it("still finds the match and its captures on those shapes", () => {
    const words = ["z", "a", "a", "q", "a"];
    expect(measured(triggerPattern("[* [* [* a]]] q *"), words).captures).toEqual([[4, 5]]);
    expect(measured(triggerPattern("*a*a*b"), ["xa", "ya", "zb"]).captures).toEqual([{ text: "x" }, { text: "y" }, { text: "z" }]);
    expect(measured(triggerPattern("*a*a*b"), ["z", ...messageOf(["a"], 200)]).captures).toBeNull();
  });

  it("stops a match at its budget and says so", () => {
    const compiled = compilePattern(triggerPattern("[* [* [* a]]] z"), ARRAYS);
    const meter = newMeter(500);
    expect(matchPattern(compiled, ["z", ...messageOf(["a"], 400)], resolve, meter)).toBeNull();
    expect(meter).toMatchObject({ exhausted: true, steps: 501 });
  });
});

describe("a trigger past its step budget", () => {
  it("is skipped with RUN025, and the next trigger answers", async () => {
    // 700 optionals of `* a`: about 2,800 steps of program over 800 words, past the 2,000,000-step budget.
    const huge = Array.from({ length: 700 }, () => "[* a]").join(" ");
    const { ir, diagnostics } = compile([{ path: "t.bot", text: `+ ${huge} z\n- huge\n\n+ *\n- fallback\n` }]);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const chat = conversation(ir);
    expect(await chat.say(["z", ...messageOf(["a"], SMS_MAX - 2)].join(" "))).toBe("fallback");
    expect(chat.last!.effects.filter((e) => e.type === "log")).toMatchObject([
      { type: "log", level: "warn", code: "RUN025", message: expect.stringContaining("more than 2000000 steps") },
    ]);
    // A short message stays well inside the budget: the trigger answers and nothing is logged.
    expect(await chat.say("a a z")).toBe("huge");
    expect(chat.last!.effects.filter((e) => e.type === "log")).toEqual([]);
  });
});

// --- generated patterns: nested optionals, glued wildcards, alternations --------------------------------------------
const word = fc.constantFrom("a", "b", "ab", "z", "42");
const literal = fc.array(word, { minLength: 1, maxLength: 2 }).map((w): PatternPart => ({ type: "literal", text: w.join(" ") }));
const wildcard = fc.constantFrom<PatternPart>({ type: "wildcard", kind: "any" }, { type: "wildcard", kind: "number" }, { type: "wildcard", kind: "alpha" });
const gluedPiece = fc.oneof(
  fc.constantFrom("a", "b", "ab", "4").map((text): GluedPiece => ({ type: "text", text })),
  fc.constantFrom<GluedPiece>({ type: "wildcard", kind: "any" }, { type: "wildcard", kind: "number" }, { type: "wildcard", kind: "alpha" }),
);
const glued = fc
  .array(gluedPiece, { minLength: 2, maxLength: 6 })
  .filter((pieces) => pieces.some((p) => p.type === "wildcard") && pieces.some((p) => p.type === "text"))
  .map((pieces): PatternPart => ({ type: "glued", pieces }));
const { part } = fc.letrec<{ part: PatternPart; option: PatternPart[] }>((tie) => ({
  part: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 4, arbitrary: literal },
    { weight: 3, arbitrary: wildcard },
    { weight: 2, arbitrary: glued },
    {
      weight: 2,
      arbitrary: fc.array(tie("option"), { minLength: 1, maxLength: 3 }).map((options): PatternPart => ({ type: "alternatives", options })),
    },
    { weight: 2, arbitrary: fc.array(tie("option"), { minLength: 1, maxLength: 2 }).map((options): PatternPart => ({ type: "optional", options })) },
    { weight: 1, arbitrary: fc.record({ name: fc.constantFrom("colors", "empty"), capture: fc.boolean() }).map((a): PatternPart => ({ type: "array", ...a })) },
    { weight: 1, arbitrary: fc.constant<PatternPart>({ type: "get", name: "x" }) },
  ),
  option: fc.array(tie("part"), { minLength: 0, maxLength: 3 }),
}));
const pattern = fc.array(part, { minLength: 1, maxLength: 6 }).map((parts): Pattern => ({ catchAll: false, parts, span: SPAN }));
const messageWord = fc.constantFrom("a", "b", "ab", "ba", "z", "42", "a4", "red", "light", "blue", "aab");

describe("generated patterns", () => {
  it("match a 1,600-character message within the pattern's step bound", () => {
    fc.assert(
      fc.property(pattern, fc.array(messageWord, { minLength: 1, maxLength: 8 }), fc.boolean(), (p, seed, oneWord) => {
        const long = messageOf(seed);
        const words = oneWord ? [long.join("")] : long;
        const { steps, exhausted, bound } = measured(p, words);
        expect(exhausted).toBe(false);
        expect(steps).toBeLessThanOrEqual(bound);
      }),
      { numRuns: 300, seed: 2020 },
    );
  });

  it("agree with the backtracking matcher, captures included", () => {
    fc.assert(
      fc.property(pattern, fc.array(messageWord, { minLength: 0, maxLength: 7 }), (p, words) => {
        const compiled = compilePattern(p, ARRAYS);
        expect(matchPattern(compiled, words, resolve)).toEqual(backtrackingMatch(compiled, words, resolve));
      }),
      { numRuns: 5000, seed: 2021 },
    );
  });
});
