/**
 * @module Property tests: for generated brains and arbitrary messages, the engine never throws, and its indexed
 * trigger selection (with captures) equals a naive linear scan over the sorted list using a separate,
 * regex-based reference matcher.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PatternPart, TemplatePart, TriggerIR } from "../../compiler/ir/types.ts";
import { loadBrain, newBotState, newSession, respond } from "../../engine/index.ts";
import { normaliseMessage } from "../../engine/normalise.ts";
import { compilePattern } from "../../engine/match/compile.ts";
import { matchPattern } from "../../engine/match/match.ts";
import { buildIndex, candidates } from "../../engine/match/trigger-index.ts";
import { bot, inbound, seeded, testEnv, tpl, NOW, USER } from "./helpers.ts";

const VOCAB = ["a", "b", "hello", "x", "42", "7", "日本", "ñu", "zoë", "the"];
const ARRAYS = { colors: ["red", "light blue", "a"], empty: [] as string[] };
const VARS = { x: "hello", y: "a b" };

// --- generators --------------------------------------------------------------------------------
const word = fc.constantFrom(...VOCAB);
const literal = fc.array(word, { minLength: 1, maxLength: 2 }).map((w): PatternPart => ({ type: "literal", text: w.join(" ") }));
const wildcard = fc.constantFrom<PatternPart>({ type: "wildcard", kind: "any" }, { type: "wildcard", kind: "number" }, { type: "wildcard", kind: "alpha" });
const simple = fc.oneof({ weight: 3, arbitrary: literal }, { weight: 1, arbitrary: wildcard });
const option = fc.array(simple, { minLength: 1, maxLength: 2 });
const part: fc.Arbitrary<PatternPart> = fc.oneof(
  { weight: 5, arbitrary: literal },
  { weight: 3, arbitrary: wildcard },
  { weight: 1, arbitrary: fc.array(option, { minLength: 1, maxLength: 3 }).map((options): PatternPart => ({ type: "alternatives", options })) },
  { weight: 1, arbitrary: fc.array(option, { minLength: 1, maxLength: 2 }).map((options): PatternPart => ({ type: "optional", options })) },
  { weight: 1, arbitrary: fc.record({ name: fc.constantFrom("colors", "empty"), capture: fc.boolean() }).map((a): PatternPart => ({ type: "array", ...a })) },
  { weight: 1, arbitrary: fc.constantFrom("x", "y", "z", "unset").map((name): PatternPart => ({ type: "get", name })) },
);
const triggerPattern = fc.oneof(
  { weight: 12, arbitrary: fc.array(part, { minLength: 1, maxLength: 5 }).map((parts) => ({ catchAll: false, parts })) },
  { weight: 1, arbitrary: fc.constant({ catchAll: true, parts: [] as PatternPart[] }) },
);
const brainSpec = fc.array(triggerPattern, { minLength: 1, maxLength: 60 });

const message = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(fc.oneof(word, fc.constantFrom("red", "light", "blue", "undefined")), { maxLength: 8 })
      .chain((w) =>
        fc
          .array(fc.constantFrom(" ", "  ", ", ", "! ", " ?"), { minLength: w.length, maxLength: w.length })
          .map((seps) => w.map((x, i) => x + seps[i]).join("")),
      ),
  },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom("", "🙂🙂", "<bot name=x> {ok}", "مرحبا hello", "a ".repeat(3000), "HELLO   A!!!") },
);

/** A message built to match a generated pattern (so specific triggers, not just the catch-all, get hit). */
function instantiate(parts: PatternPart[], next: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  return parts
    .map((p): string => {
      switch (p.type) {
        case "literal":
          return p.text;
        case "wildcard":
          return p.kind === "number" ? pick(["42", "7", "100"]) : p.kind === "alpha" ? pick(["hello", "zoë", "日本"]) : pick(["a", "x b", "hello the 42"]);
        case "alternatives":
          return instantiate(pick(p.options), next);
        case "optional":
          return next() < 0.5 ? "" : instantiate(pick(p.options), next);
        case "array":
          return pick([...(ARRAYS as Record<string, string[]>)[p.name]!, "red"]);
        case "get":
          return (VARS as Record<string, string>)[p.name] ?? "undefined";
        default:
          return "";
      }
    })
    .join(" ");
}

// --- the reference: build each trigger's regex, scan linearly ----------------------------------
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

function refSource(parts: PatternPart[], top: boolean): string {
  return parts.map((p) => refPart(p, top)).join("");
}

function refPart(p: PatternPart, top: boolean): string {
  const group = (inner: string) => (top ? `(${inner})` : `(?:${inner})`);
  switch (p.type) {
    case "literal": {
      const words = normaliseMessage(p.text, new Map()).words;
      return words.length === 0 ? "" : `${escape(words.join(" "))} `;
    }
    case "wildcard":
      return p.kind === "any" ? `${group(".+?")} ` : p.kind === "number" ? `${group("[0-9]+")} ` : `${group("[\\p{L}\\p{M}]+")} `;
    case "alternatives":
      return group(`(?:${p.options.map((o) => refSource(o, false)).join("|")})`);
    case "optional":
      return `(?:${p.options.map((o) => refSource(o, false)).join("|")})?`;
    case "array": {
      const items = [...(ARRAYS as Record<string, string[]>)[p.name]!].sort((a, b) => b.split(" ").length - a.split(" ").length);
      if (items.length === 0) return "(?!)";
      const alts = items.map(escape).join("|");
      return p.capture && top ? `(${alts}) ` : `(?:${alts}) `;
    }
    case "get": {
      const value = (VARS as Record<string, string>)[p.name] ?? "undefined";
      const words = normaliseMessage(value, new Map()).words;
      return words.length === 0 ? "" : `${escape(words.join(" "))} `;
    }
    default:
      throw new Error(`not generated: ${p.type}`);
  }
}

function linearScan(triggers: TriggerIR[], text: string): string {
  const words = text === "" ? [] : text.split(" ");
  const subject = words.length === 0 ? "" : `${words.join(" ")} `;
  for (const t of triggers) {
    if (t.pattern.catchAll) return `T${t.id}:${text}`;
    // A message with no words is for catch-alls only (rivescript's optionals need a word boundary).
    if (words.length === 0) continue;
    const match = new RegExp(`^${refSource(t.pattern.parts, true)}$`, "u").exec(subject);
    if (match !== null)
      return `T${t.id}:${match
        .slice(1)
        .map((s) => (s ?? "undefined").trim())
        .join("|")}`;
  }
  return "";
}

function captureCount(parts: PatternPart[]): number {
  return parts.filter((p) => p.type === "wildcard" || p.type === "alternatives" || (p.type === "array" && p.capture)).length;
}

function buildBot(patterns: { catchAll: boolean; parts: PatternPart[] }[]) {
  const ir = bot({ arrays: ARRAYS, topics: { default: [] } });
  ir.triggers = patterns.map((p, id) => {
    const stars: TemplatePart[] = [];
    const count = p.catchAll ? 1 : captureCount(p.parts);
    for (let i = 1; i <= count; i++) stars.push(...tpl(i === 1 ? "" : "|", { type: "star", index: i, source: "user" }));
    return {
      id,
      topic: "default",
      text: `t${id}`,
      pattern: {
        ...p,
        span: ir.files.length ? { file: "g.bot", start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } } : (null as never),
      },
      previous: null,
      weight: 0,
      keepPunctuation: false,
      reply: { http: [], redirect: null, conditions: [], replies: [{ weight: 1, body: tpl(`T${id}:`, ...stars), span: null as never }] },
      ignores: [],
      span: null as never,
    };
  });
  ir.topics.default!.triggers = ir.triggers.map((t) => t.id);
  return ir;
}

describe("indexed matching (property)", () => {
  it("picks the same trigger and captures as a linear regex scan, and never throws", async () => {
    await fc.assert(
      fc.asyncProperty(brainSpec, fc.array(fc.oneof(message, fc.tuple(fc.nat(), fc.integer())), { minLength: 1, maxLength: 6 }), async (patterns, inputs) => {
        const ir = buildBot(patterns);
        const brain = loadBrain(ir);
        const session = { ...newSession(USER, NOW), vars: { x: VARS.x, y: VARS.y } };
        const state = { session, bot: newBotState(ir) };
        const bodies = inputs.map((input) => {
          if (typeof input === "string") return input;
          const chosen = patterns[input[0] % patterns.length]!;
          return instantiate(chosen.parts, seeded(input[1]));
        });
        for (const body of bodies) {
          const result = await respond(brain, state, inbound(body), testEnv());
          const expected = linearScan(ir.triggers, normaliseMessage(body, new Map()).text);
          expect(result.reply).toBe(expected.trim());
          expect(result.matched).toBe(expected !== "");
        }
      }),
      { numRuns: 400, seed: 20240601 },
    );
  });

  it("offers every trigger that can match, not only the first (duplicates and % lists rely on it)", () => {
    fc.assert(
      fc.property(brainSpec, fc.array(fc.oneof(message, fc.tuple(fc.nat(), fc.integer())), { minLength: 1, maxLength: 4 }), (patterns, inputs) => {
        const compiled = [...patterns, ...patterns].map((p) => compilePattern({ ...p, span: null as never }, ARRAYS));
        const index = buildIndex(compiled, (c) => c);
        const resolve = (source: { type: string; name?: string }) =>
          normaliseMessage((VARS as Record<string, string>)[source.name ?? ""] ?? "undefined", new Map()).words;
        for (const input of inputs) {
          const body = typeof input === "string" ? input : instantiate(patterns[input[0] % patterns.length]!.parts, seeded(input[1]));
          const m = normaliseMessage(body, new Map());
          const offered = new Set(candidates(index, m.text, m.words, m.wordSet, (c) => c));
          compiled.forEach((pattern, position) => {
            if (matchPattern(pattern, m.words, resolve) !== null) expect(offered.has(position)).toBe(true);
          });
        }
      }),
      { numRuns: 400, seed: 20240602 },
    );
  });
});
