/** @module Static pattern analysis for lint: a matcher over normalised text, capture counts, match order. */
import { gluedCaptures, gluedSource } from "../ir/glued.ts";
import type { BotIR, Pattern, PatternPart, TriggerIR } from "../ir/types.ts";

/** Normalises a message as the engine does before matching: lowercase, punctuation stripped, spaces collapsed. */
export function normalizeMessage(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\s]/gu, "")
    .replace(/\s+/gu, " ")
    .trim();
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** Any value read at run time (`<get>`, history): one or more words. */
const ANY_WORDS = "(?: \\S+)+";

/** Regex source for a part sequence; every fragment consumes its own leading space. */
function sequenceSource(parts: readonly PatternPart[], ir: BotIR): string {
  return parts.map((p) => partSource(p, ir)).join("");
}

function partSource(part: PatternPart, ir: BotIR): string {
  switch (part.type) {
    case "literal":
      return part.text
        .split(" ")
        .filter((w) => w.length > 0)
        .map((w) => ` ${escape(w)}`)
        .join("");
    case "wildcard":
      return part.kind === "any" ? ANY_WORDS : part.kind === "number" ? " \\d+" : " [\\p{L}\\p{M}]+";
    case "alternatives":
      return `(?:${part.options.map((o) => sequenceSource(o, ir)).join("|")})`;
    case "optional":
      return `(?:${part.options.map((o) => sequenceSource(o, ir)).join("|")})?`;
    case "array": {
      const items = ir.arrays[part.name] ?? [];
      return items.length === 0 ? "(?!)" : `(?:${items.map((i) => ` ${escape(normalizeMessage(i))}`).join("|")})`;
    }
    case "get":
    case "bot":
    case "input":
    case "reply":
      return ANY_WORDS;
    case "glued":
      return ` (?:${gluedSource(part.pieces, false)})`;
    default: {
      const _exhaustive: never = part;
      return _exhaustive;
    }
  }
}

const cache = new WeakMap<Pattern, RegExp>();

/** True when `pattern` matches the (already normalised) `text`. Run-time values are assumed to match anything. */
export function patternMatches(pattern: Pattern, text: string, ir: BotIR): boolean {
  if (pattern.catchAll) return true;
  let re = cache.get(pattern);
  if (!re) {
    re = new RegExp(`^${sequenceSource(pattern.parts, ir)}$`, "u");
    cache.set(pattern, re);
  }
  return re.test(text.length > 0 ? ` ${text}` : "");
}

/** How many `<star>` values a pattern captures: wildcards, `( | )` groups and `(@array)`; optionals never capture. */
export function captureCount(pattern: Pattern): number {
  if (pattern.catchAll && pattern.parts.length === 0) return 1;
  const count = (parts: readonly PatternPart[]): number =>
    parts.reduce((n, p) => {
      if (p.type === "wildcard") return n + 1;
      if (p.type === "alternatives") return n + 1 + Math.max(0, ...p.options.map(count));
      if (p.type === "array") return n + (p.capture ? 1 : 0);
      // `hello*` captures what its wildcards match, as the engine's matcher counts them.
      if (p.type === "glued") return n + gluedCaptures(p.pieces);
      return n;
    }, 0);
  return count(pattern.parts);
}

/** True when the pattern has words of its own (not only wildcards and run-time values). */
export function hasLiteralWords(pattern: Pattern): boolean {
  const literal = (parts: readonly PatternPart[]): boolean =>
    parts.some((p) =>
      p.type === "literal" ? p.text.trim().length > 0 : p.type === "alternatives" || p.type === "optional" ? p.options.some(literal) : p.type === "array",
    );
  return !pattern.catchAll && literal(pattern.parts);
}

/** The triggers tried, in order, for a message in `topic` (ignoring `%` previous): the topic's, then `default`'s. */
export function candidateTriggers(ir: BotIR, topic: string): TriggerIR[] {
  const own = ir.topics[topic];
  const ids = [...(own?.triggers ?? [])];
  if (topic !== "default" && !own?.isolated) ids.push(...(ir.topics.default?.triggers ?? []));
  return ids.map((id) => ir.triggers[id]).filter((t): t is TriggerIR => t !== undefined);
}

/** The trigger that answers `text` in `topic`, by match order, or null. */
export function firstMatch(ir: BotIR, topic: string, text: string): TriggerIR | null {
  const normalised = normalizeMessage(text);
  return candidateTriggers(ir, topic).find((t) => patternMatches(t.pattern, normalised, ir)) ?? null;
}
