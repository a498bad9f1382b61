/** @module Property tests: a lazily built matcher is the one eager compilation gives, and the plain-literal fast path splits words as normalisation does. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Pattern, PatternPart } from "../../compiler/ir/types.ts";
import { normaliseWords } from "../normalise.ts";
import { compileParts, compilePattern } from "./compile.ts";
import { lazyPattern, matcherOf } from "./lazy-pattern.ts";
import { literalWords, prepareArrays } from "./words.ts";

const ARRAYS = { colors: ["red", "Light Blue", "a", "!!"], empty: [] as string[] };
const SPAN = { file: "g.bot", start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };

// Literal texts as the compiler writes them (plain words) and as hand-made IR may hold them (case, punctuation, Unicode).
const literalText = fc.oneof(
  fc.array(fc.constantFrom("a", "b", "hello", "42", "x1"), { minLength: 1, maxLength: 3 }).map((w) => w.join(" ")),
  fc.array(fc.constantFrom("Hello", "ZOË", "日本", "ñu", "it's", "!!", "a  b", " c", "ǅ"), { minLength: 1, maxLength: 3 }).map((w) => w.join(" ")),
);
const leaf = fc.oneof(
  { weight: 4, arbitrary: literalText.map((text): PatternPart => ({ type: "literal", text })) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<PatternPart>({ type: "wildcard", kind: "any" }, { type: "wildcard", kind: "number" }, { type: "wildcard", kind: "alpha" }),
  },
  { weight: 1, arbitrary: fc.constantFrom<PatternPart>({ type: "get", name: "x" }, { type: "reply", index: 1 }) },
  {
    weight: 1,
    arbitrary: fc.record({ name: fc.constantFrom("colors", "empty", "missing"), capture: fc.boolean() }).map((a): PatternPart => ({ type: "array", ...a })),
  },
);
const option = fc.array(leaf, { minLength: 0, maxLength: 3 });
const part = fc.oneof(
  { weight: 6, arbitrary: leaf },
  { weight: 1, arbitrary: fc.array(option, { maxLength: 3 }).map((options): PatternPart => ({ type: "alternatives", options })) },
  { weight: 1, arbitrary: fc.array(option, { maxLength: 2 }).map((options): PatternPart => ({ type: "optional", options })) },
);
const pattern = fc.oneof(
  { weight: 10, arbitrary: fc.array(part, { maxLength: 5 }).map((parts): Pattern => ({ catchAll: false, parts, span: SPAN })) },
  { weight: 1, arbitrary: fc.constant<Pattern>({ catchAll: true, parts: [], span: SPAN }) },
);

describe("lazy patterns", () => {
  it("splits a literal into the words normalisation gives, fast path or not", () => {
    fc.assert(
      fc.property(fc.oneof(literalText, fc.string({ unit: "grapheme", maxLength: 20 }), fc.string({ unit: "binary", maxLength: 20 })), (text) => {
        expect(literalWords(text)).toEqual(normaliseWords(text));
      }),
      { numRuns: 2000, seed: 20240611 },
    );
  });

  it("has the index keys of the eager matcher, and builds that same matcher once, on first use", () => {
    const arrays = prepareArrays(ARRAYS);
    fc.assert(
      fc.property(pattern, (p) => {
        const eager = compilePattern(p, ARRAYS);
        const lazy = lazyPattern(p, arrays);
        expect({ atomic: lazy.atomic, required: lazy.required, anyOf: lazy.anyOf }).toEqual({
          atomic: eager.atomic,
          required: eager.required,
          anyOf: eager.anyOf,
        });
        if (!p.catchAll) expect(lazy.matcher).toBeNull();
        const built = matcherOf(lazy, arrays);
        expect(built).toEqual(eager);
        expect(matcherOf(lazy, arrays)).toBe(built);
        expect(lazy.parts).toBeNull();
        if (p.catchAll) return;
        // Checked against the parts directly, not through the shortcuts the keys and matcher take.
        const literals = p.parts.flatMap((q) => (q.type === "literal" ? normaliseWords(q.text) : []));
        if (p.parts.every((q) => q.type === "literal")) expect(lazy.atomic).toBe(literals.join(" "));
        else expect([...lazy.required].sort()).toEqual([...new Set(literals)].sort());
        const walked = compileParts(p, arrays, { atomic: null, required: [], anyOf: null });
        const shape = (m: typeof built) => ({ nodes: m.nodes, captures: m.captures, minWords: m.minWords, branching: m.branching });
        expect(shape(built)).toEqual(shape(walked));
      }),
      { numRuns: 1000, seed: 20240612 },
    );
  });

  it("keeps no parts for a literal-only pattern: its text is the key", () => {
    const lazy = lazyPattern({ catchAll: false, parts: [{ type: "literal", text: "hello there" }], span: SPAN }, prepareArrays({}));
    expect(lazy).toMatchObject({ atomic: "hello there", parts: null, matcher: null });
  });
});
