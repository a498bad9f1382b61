/**
 * @module Wildcards glued to groups (`*(girlfriend|boyfriend)s`, `*(abc|def)`, `(one|two)#`, issue 25): generated
 * triggers of words, `*`, `#`, `_` and `( | )` groups written against each other, and messages built from them, are
 * matched by the engine exactly when the reference regex matches: the one rivescript 2.2.1's own
 * `brain.triggerRegexp` derives from the trigger, anchored as its `reply` anchors it. Captures agree too (trimmed:
 * rivescript keeps the blank a glued `*` takes before a group) where rivescript's groups are ours, that is when no
 * group holds a wildcard or another group. Lint's matcher agrees with the engine's, and the match stays within the
 * program's step bound.
 */
import { createRequire } from "node:module";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import type { BotIR, Pattern } from "../../compiler/ir/types.ts";
import { patternMatches } from "../../compiler/lint/patterns.ts";
import { compilePattern } from "../../engine/match/compile.ts";
import { matchPattern, newMeter, type CaptureRange } from "../../engine/match/match.ts";
import { stepBound } from "../../engine/match/program.ts";

const RiveScript = createRequire(import.meta.url)("rivescript");
const reference = new RiveScript();
reference.stream("+ x\n- x\n");
reference.sortReplies();

/** The reference's regex for a trigger, as `brain.triggerRegexp` builds it for user "u". */
async function referenceRegex(trigger: string): Promise<RegExp> {
  const source: string = await reference.brain.triggerRegexp("u", trigger);
  return new RegExp(`^${source}$`, "i");
}

function compiled(trigger: string): { ir: BotIR; pattern: Pattern } {
  const { ir, diagnostics } = compile([{ path: "t.rive", text: `+ ${trigger}\n- ok\n` }]);
  expect(
    diagnostics.filter((d) => d.severity === "error"),
    trigger,
  ).toEqual([]);
  return { ir, pattern: ir.triggers[0]!.pattern };
}

function captureText(capture: CaptureRange, words: readonly string[]): string | null {
  if (capture === null) return null;
  if (!Array.isArray(capture)) return capture.text;
  return words.slice(capture[0], capture[1]).join(" ");
}

/** A trigger piece with the message texts that fill it (`fill`), so generated messages often match. */
interface Piece {
  text: string;
  fill: fc.Arbitrary<string>;
  /** Holds a wildcard or a group: rivescript numbers its groups too. */
  nested: boolean;
}

const WORDS = ["a", "b", "ab", "ba", "one", "two", "s"];
const word = fc.constantFrom(...WORDS);
const digits = fc.constantFrom("1", "12", "7");
const letters = fc.constantFrom("a", "b", "ab", "xy");
const anyText = fc.oneof(word, digits, fc.constantFrom("a b", "ab 12", "b a"));

const wordPiece: fc.Arbitrary<Piece> = word.map((w) => ({ text: w, fill: fc.constant(w), nested: false }));
const wildPiece: fc.Arbitrary<Piece> = fc.constantFrom(
  { text: "*", fill: anyText, nested: true },
  { text: "#", fill: digits, nested: true },
  { text: "_", fill: letters, nested: true },
);

/** Pieces written against each other; `depth` bounds the groups inside groups. */
const gluedRun = (depth: number): fc.Arbitrary<Piece[]> =>
  fc.array(
    depth > 0
      ? fc.oneof({ weight: 2, arbitrary: wordPiece }, { weight: 2, arbitrary: wildPiece }, { weight: 1, arbitrary: group(depth - 1) })
      : fc.oneof(wordPiece, wildPiece),
    {
      minLength: 1,
      maxLength: 3,
    },
  );

function group(depth: number, plain = false): fc.Arbitrary<Piece> {
  const run = plain ? fc.array(wordPiece, { minLength: 1, maxLength: 2 }) : gluedRun(depth);
  const option = fc.tuple(run, fc.constantFrom("", " ")).map(([run, pad]) => ({
    text: pad + run.map((p) => p.text).join("") + pad,
    fill: fc.tuple(...run.map((p) => p.fill)).map((fills) => pad + fills.join("") + pad),
    nested: run.some((p) => p.nested || p.text.startsWith("(") || /[*#_]/.test(p.text)),
  }));
  return fc.array(option, { minLength: 1, maxLength: 3 }).map((options) => ({
    text: `(${options.map((o) => o.text).join("|")})`,
    fill: fc.oneof(...options.map((o) => o.fill)),
    nested: options.some((o) => o.nested),
  }));
}

/** A glued token with a group in it, maybe between plain words: `[word ]token[ word]`. */
const trigger = fc
  .tuple(fc.option(word, { nil: undefined }), gluedRun(2), fc.oneof(group(1), group(0, true)), gluedRun(1), fc.boolean(), fc.option(word, { nil: undefined }))
  .map(([before, left, middle, right, rightSide, after]) => {
    const token = rightSide ? [...left, middle, ...right] : [middle, ...left];
    const text = [before, token.map((p) => p.text).join(""), after].filter((x) => x !== undefined).join(" ");
    const filled = fc.tuple(...token.map((p) => p.fill)).map((fills) =>
      [before, fills.join(""), after]
        .filter((x) => x !== undefined)
        .join(" ")
        .trim()
        .split(/\s+/)
        .join(" "),
    );
    // Captures compare when every group of the token is plain text (rivescript numbers nested groups as well).
    const comparable = token.every((p) => !p.text.startsWith("(") || !p.nested);
    return { text, filled, comparable };
  });

const randomMessage = fc.array(fc.oneof(word, digits, letters), { minLength: 1, maxLength: 4 }).map((w) => w.join(" "));

describe("wildcards glued to groups match as rivescript's regex does", () => {
  it("the issue's triggers", async () => {
    const cases: [string, string, string[] | null][] = [
      ["my *(girlfriend|boyfriend)s name is *", "my best girlfriends name is ann", ["best", "girlfriend", "ann"]],
      ["my *(girlfriend|boyfriend)s name is *", "my bestboyfriends name is bob", ["best", "boyfriend", "bob"]],
      ["my *(girlfriend|boyfriend)s name is *", "my girlfriends name is ann", null],
      ["*(abc|def)", "xyzabc", ["xyz", "abc"]],
      ["*(abc|def)", "hello def", ["hello", "def"]],
      ["(one|two)#", "one23", ["one", "23"]],
      ["(one|two)#", "two 5", null],
      ["what(s| is) up", "whats up", ["s"]],
      ["what(s| is) up", "what is up", ["is"]],
    ];
    for (const [text, message, expected] of cases) {
      const { pattern } = compiled(text);
      const words = message.split(" ");
      const captures = matchPattern(compilePattern(pattern, {}), words, () => []);
      expect(captures?.map((c) => captureText(c, words)) ?? null, `${text} / ${message}`).toEqual(expected);
      const ref = (await referenceRegex(text)).exec(message);
      expect(ref?.slice(1).map((c) => c.trim()) ?? null, `rivescript: ${text} / ${message}`).toEqual(expected);
    }
  });

  it("generated triggers and messages (300 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(
        trigger.chain((t) => fc.tuple(fc.constant(t), fc.array(fc.oneof(t.filled, randomMessage), { minLength: 1, maxLength: 4 }))),
        async ([t, messages]) => {
          const { ir, pattern } = compiled(t.text);
          expect(pattern.parts.some((p) => p.type === "glued")).toBe(true);
          const compiledPattern = compilePattern(pattern, {});
          const regex = await referenceRegex(t.text);
          for (const message of messages) {
            const words = message.split(" ");
            const meter = newMeter();
            const captures = matchPattern(compiledPattern, words, () => [], meter);
            const ref = regex.exec(message);
            expect(captures !== null, `${t.text} / ${message}: ${regex.source}`).toBe(ref !== null);
            expect(patternMatches(pattern, message, ir), `lint: ${t.text} / ${message}`).toBe(captures !== null);
            expect(meter.steps).toBeLessThanOrEqual(stepBound(compiledPattern.program, Array.from(message).length));
            if (captures !== null && ref !== null && t.comparable) {
              expect(
                captures.map((c) => captureText(c, words)),
                `${t.text} / ${message}`,
              ).toEqual(ref.slice(1).map((c) => c.trim()));
            }
          }
        },
      ),
      { seed: 25, numRuns: 300 },
    );
  });
});
