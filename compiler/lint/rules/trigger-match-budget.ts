/**
 * @module BOT211: a trigger whose worst-case matching cost on the longest SMS passes the engine's step budget, so the
 * engine could cut it off (RUN025). The cost is the engine's own `stepBound` of the trigger's compiled program.
 */
import type { BotIR } from "../../ir/types.ts";
import { buildSubIndex } from "../../../engine/normalise.ts";
import { compilePattern } from "../../../engine/match/compile.ts";
import { MATCH_STEP_BUDGET } from "../../../engine/match/match.ts";
import { stepBound } from "../../../engine/match/program.ts";
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";

/** Twilio's body limit, in UTF-16 units: the longest message the runtime is given. */
export const SMS_MAX_UNITS = 1600;
/**
 * The most code points one UTF-16 unit becomes once normalised (`normaliseWord`: NFC, lowercase): U+FB2C and
 * U+FB2D (Hebrew letters with two marks, excluded from composition) become three letters and marks each.
 */
const MAX_CODE_POINTS_PER_UNIT = 3;

/** The most positions the matcher sees for a message of `SMS_MAX_UNITS` units, in words and in characters. */
export interface MatchWidth {
  /** Words: tokens of at least one unit, one whitespace unit apart (800), more when a substitution adds words. */
  words: number;
  /** Characters (code points of the words joined by single spaces), what a pattern with a glued token walks. */
  chars: number;
}

const widths = new WeakMap<BotIR, MatchWidth>();

/**
 * Counted over `SMS_MAX_UNITS + 1` units (a separator after the last token), cut into pieces of a token (or the
 * tokens of one substitution key, each at least one unit) and the whitespace unit after it. A plain token of L
 * units gives one word and at most 3L characters plus a space; a substitution of f key tokens (at least 2f units)
 * gives its `to` words. The bound per unit of the best piece, times the units, bounds the message.
 */
export function matchWidth(ir: BotIR): MatchWidth {
  const cached = widths.get(ir);
  if (cached) return cached;
  let wordsPerUnit = 1 / 2;
  let charsPerUnit = MAX_CODE_POINTS_PER_UNIT;
  for (const list of buildSubIndex(ir.subs).values()) {
    for (const sub of list) {
      const units = 2 * sub.from.length;
      wordsPerUnit = Math.max(wordsPerUnit, sub.to.length / units);
      charsPerUnit = Math.max(charsPerUnit, (Array.from(sub.to.join(" ")).length + 1) / units);
    }
  }
  const words = Math.floor((SMS_MAX_UNITS + 1) * wordsPerUnit);
  // Without substitutions: one word of 1,600 units, each three code points (no separator to count).
  const chars = charsPerUnit === MAX_CODE_POINTS_PER_UNIT ? SMS_MAX_UNITS * MAX_CODE_POINTS_PER_UNIT : Math.floor((SMS_MAX_UNITS + 1) * charsPerUnit);
  const width = { words, chars };
  widths.set(ir, width);
  return width;
}

const shown = (text: string): string => (text.length > 60 ? `${text.slice(0, 57)}…` : text);

export default createRule({
  meta: ruleMeta("trigger-match-budget", "BOT211", "problem", { defaultOptions: {} }),
  create(ctx) {
    return {
      trigger(t) {
        if (t.pattern.catchAll) return;
        const program = compilePattern(t.pattern, ctx.ir.arrays).program;
        const width = matchWidth(ctx.ir);
        const positions = program.chars ? width.chars : width.words;
        const bound = stepBound(program, positions);
        if (bound <= MATCH_STEP_BUDGET) return;
        ctx.report({
          span: t.pattern.span,
          messageId: "main",
          data: { trigger: shown(t.text), bound, budget: MATCH_STEP_BUDGET, positions, unit: program.chars ? "characters" : "words" },
        });
      },
    };
  },
});
