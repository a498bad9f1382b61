/** @module Tests for trigger-match-budget (BOT211). */
import { describe, expect, it } from "vitest";
import { compile } from "../../index.ts";
import { compilePattern } from "../../../engine/match/compile.ts";
import { buildSubIndex, normaliseMessage } from "../../../engine/normalise.ts";
import { MATCH_STEP_BUDGET } from "../../../engine/match/match.ts";
import { stepBound } from "../../../engine/match/program.ts";
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule, { matchWidth } from "./trigger-match-budget.ts";

const repeat = (unit: string, n: number): string => Array.from({ length: n }, () => unit).join(" ");
/** 200 optionals `[* a]` then `z`: about 3,600 steps of program per word, over 800 words. */
const OPTIONALS_200 = `${repeat("[* a]", 200)} z`;
/** Half of it: within the budget on 800 words, past it on the 1,601 a substitution `u` → `you are` allows. */
const OPTIONALS_100 = `${repeat("[* a]", 100)} z`;
/** Nine glued tokens: within the budget on 1,600 characters, past it on the 4,800 code points a message can normalise to. */
const GLUED_9 = repeat("*a*b*c*d*e", 9);
const shown = (text: string): string => `${text.slice(0, 57)}…`;

ruleTester.run("trigger-match-budget", rule, {
  valid: [
    "+ hello\n- hi\n+ *\n- what?\n",
    { name: "nested optionals, now bounded", code: "+ [* [* [* a]]] z\n- ok\n" },
    { name: "glued wildcards, now bounded", code: "+ *a*a*b\n- ok\n" },
    { name: "the review's longer shapes", code: "+ [* [* [* [* a]]]] z *\n- ok\n+ * *a*a*b *\n- ok\n+ *a*a*a*b\n- ok\n" },
    { name: "an ordinary trigger", code: "+ i [really] (like|love|adore) (red|blue|green) *\n- ok\n" },
    { name: "100 optionals on 800 words", code: `+ ${OPTIONALS_100}\n- ok\n` },
    { name: "an array of 100 items", code: `! array colors = ${Array.from({ length: 100 }, (_, i) => `c${i}`).join(" ")}\n+ i like (@colors)\n- ok\n` },
  ],
  invalid: [
    {
      name: "200 nested optionals with wildcards",
      code: `+ ${OPTIONALS_200}\n- ok\n+ *\n- fallback\n`,
      errors: [
        {
          code: "BOT211",
          line: 1,
          column: 3,
          endLine: 1,
          endColumn: 3 + OPTIONALS_200.length,
          data: { trigger: shown(OPTIONALS_200), bound: 2888406, budget: MATCH_STEP_BUDGET, positions: 800, unit: "words" },
        },
      ],
    },
    {
      name: "glued wildcards on the code points a 1,600-unit message normalises to",
      code: `+ ${GLUED_9}\n- ok\n`,
      errors: [
        {
          code: "BOT211",
          line: 1,
          column: 3,
          endLine: 1,
          endColumn: 3 + GLUED_9.length,
          data: { trigger: shown(GLUED_9), bound: 2083634, budget: MATCH_STEP_BUDGET, positions: 4800, unit: "characters" },
        },
      ],
    },
    {
      name: "a substitution that adds words widens the message",
      code: `! sub u = you are\n+ ${OPTIONALS_100}\n- ok\n`,
      errors: [
        {
          code: "BOT211",
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 3 + OPTIONALS_100.length,
          data: { trigger: shown(OPTIONALS_100), bound: 2893212, budget: MATCH_STEP_BUDGET, positions: 1601, unit: "words" },
        },
      ],
    },
    {
      name: "an array of 1,300 items",
      code: `! array big = ${Array.from({ length: 1300 }, (_, i) => `w${i}`).join(" ")}\n+ i want (@big)\n- ok\n`,
      errors: [
        {
          code: "BOT211",
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 16,
          data: { trigger: "i want (@big)", bound: 2089008, budget: MATCH_STEP_BUDGET, positions: 800, unit: "words" },
        },
      ],
    },
  ],
});

describe("the width a 1,600-character SMS reaches", () => {
  const irOf = (text: string) => compile([{ path: "t.bot", text }]).ir;

  it("is 800 words, or 4,800 code points (1,600 × U+FB2C, three letters and marks each once normalised)", () => {
    expect(matchWidth(irOf("+ hi\n- ok\n"))).toEqual({ words: 800, chars: 4800 });
  });

  it("agrees with the engine's own normalisation at the extremes", () => {
    // What the matcher walks: the message's words, or those words joined by spaces as code points.
    const oneWord = normaliseMessage("\uFB2C".repeat(1600), buildSubIndex([]));
    expect(Array.from(oneWord.words.join(" ")).length).toBe(4800);
    expect(normaliseMessage(Array.from({ length: 800 }, () => "a").join(" "), buildSubIndex([])).words).toHaveLength(800);
    const subs = buildSubIndex([{ from: "u", to: "you are" }]);
    const expanded = normaliseMessage(Array.from({ length: 800 }, () => "u").join(" "), subs).words.length;
    expect(expanded).toBe(1600);
    expect(matchWidth(irOf("! sub u = you are\n+ hi\n- ok\n")).words).toBeGreaterThanOrEqual(expanded);
  });

  it("puts the invalid cases past the budget and the valid ones under it, by the engine's bound", () => {
    const boundOf = (trigger: string, positions: number) => {
      const { ir } = compile([{ path: "t.bot", text: `+ ${trigger}\n- ok\n` }]);
      return stepBound(compilePattern(ir.triggers[0]!.pattern, ir.arrays).program, positions);
    };
    expect(boundOf("[* [* [* a]]] z", 800)).toBeLessThan(MATCH_STEP_BUDGET);
    expect(boundOf("*a*a*b", 4800)).toBeLessThan(MATCH_STEP_BUDGET);
    expect(boundOf(OPTIONALS_200, 800)).toBeGreaterThan(MATCH_STEP_BUDGET);
    expect(boundOf(GLUED_9, 1600)).toBeLessThan(MATCH_STEP_BUDGET);
  });
});
