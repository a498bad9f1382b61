/**
 * @module The triggers nearest to a text nothing but a catch-all answered: a trigger that matches the text as it
 * is (in another topic), or after a one-word change (a word dropped, replaced or added from the trigger's own
 * words), tried with the engine's own matcher; otherwise the triggers sharing the most words with it. Used by
 * `bot insights missed` ("extend `+ …`") and by lint's "did you mean".
 */
import type { BotIR, PatternPart, TriggerIR } from "../../compiler/ir/types.ts";
import { compileParts, type CompiledPattern } from "./compile.ts";
import { matchPattern, newMeter } from "./match.ts";
import { literalWords, prepareArrays, type ArrayWords } from "./words.ts";

/** How the text reaches the trigger: unchanged, after one word changes, or only by shared words. */
export type NearestVia =
  | { type: "as-is" }
  | { type: "drop"; word: string }
  | { type: "replace"; word: string; with: string }
  | { type: "add"; word: string; at: number }
  | { type: "tokens" };

export interface NearestTrigger {
  triggerId: number;
  via: NearestVia;
  /** Shared words over all words of both (Jaccard), 0..1. */
  score: number;
}

export interface NearestOptions {
  /** Only triggers written in these topics; all topics but BEGIN when absent. */
  topics?: ReadonlySet<string>;
  /** How many to return (default 3). */
  limit?: number;
  /** How many of the best by shared words are tried with the matcher (default 40): bounds the work on large bots. */
  tried?: number;
  /** Among equally near triggers, those written in this topic first (a redirect's own topic). */
  prefer?: string;
  /** A trigger never to suggest (the one making the redirect). */
  exclude?: number;
}

/** What the search needs from the IR, prepared once per bot: each trigger's words, its matcher built on first use. */
export interface NearestIndex {
  readonly arrays: ArrayWords;
  readonly entries: readonly NearestEntry[];
  /** word → positions in `entries` of the triggers that use it. */
  readonly byWord: ReadonlyMap<string, readonly number[]>;
  /** IR trigger id → its entry. */
  readonly byId: ReadonlyMap<number, NearestEntry>;
  /** The first PREFIX characters of words at least that long → positions: "opening" finds `+ … open`. */
  readonly byPrefix: ReadonlyMap<string, readonly number[]>;
}

interface NearestEntry {
  trigger: TriggerIR;
  words: readonly string[];
  matcher: CompiledPattern | null;
}

const BEGIN = "__begin__";
/** Triggers read per word of the text at most, when a rarer word found none (see nearestTriggers). */
const MAX_POSTINGS = 256;
/** Words sharing this many first characters count as near when no word is shared exactly. */
const PREFIX = 4;
/** A dynamic part (`<get>`, `<input>` …) matches nothing in a suggestion: its value depends on a user. */
const NO_VALUE = (): readonly string[] => ["\u0000"];

export function nearestIndex(ir: Pick<BotIR, "triggers" | "arrays">): NearestIndex {
  const arrays = prepareArrays(ir.arrays);
  const entries: NearestEntry[] = [];
  const byWord = new Map<string, number[]>();
  const byId = new Map<number, NearestEntry>();
  const byPrefix = new Map<string, number[]>();
  for (const trigger of ir.triggers) {
    if (trigger.pattern.catchAll || trigger.topic === BEGIN) continue;
    const words = [...new Set(partWords(trigger.pattern.parts, arrays))];
    const entry: NearestEntry = { trigger, words, matcher: null };
    const position = entries.push(entry) - 1;
    byId.set(trigger.id, entry);
    for (const word of words) {
      const list = byWord.get(word);
      if (list === undefined) byWord.set(word, [position]);
      else list.push(position);
      if (word.length < PREFIX) continue;
      const prefix = word.slice(0, PREFIX);
      const similar = byPrefix.get(prefix);
      if (similar === undefined) byPrefix.set(prefix, [position]);
      else if (similar.at(-1) !== position) similar.push(position);
    }
  }
  return { arrays, entries, byWord, byId, byPrefix };
}

export function nearestTriggers(index: NearestIndex, words: readonly string[], options: NearestOptions = {}): NearestTrigger[] {
  const limit = options.limit ?? 3;
  const own = new Set(words);
  // Candidates come from the text's rarest words first: a word most triggers share ("question", "what") says
  // little and would make every search walk the whole bot. Words past MAX_POSTINGS are read only when no rarer
  // word found anything, and then only their first MAX_POSTINGS triggers.
  let postings = [...own].map((word) => index.byWord.get(word) ?? []).filter((list) => list.length > 0);
  // No word in common: words that begin alike ("opening", "open") still point at the trigger meant.
  let loose = false;
  if (postings.length === 0) {
    loose = true;
    postings = [...own]
      .filter((w) => w.length >= PREFIX)
      .map((word) => index.byPrefix.get(word.slice(0, PREFIX)) ?? [])
      .filter((list) => list.length > 0);
  }
  postings.sort((a, b) => a.length - b.length);
  const prefixes = new Set([...own].filter((w) => w.length >= PREFIX).map((w) => w.slice(0, PREFIX)));
  const found = new Set<number>();
  for (const list of postings) {
    if (found.size > 0 && list.length > MAX_POSTINGS) break;
    for (let i = 0; i < Math.min(list.length, MAX_POSTINGS); i++) found.add(list[i]!);
  }
  const scored: { position: number; score: number }[] = [];
  for (const position of found) {
    const entry = index.entries[position]!;
    if (options.topics !== undefined && !options.topics.has(entry.trigger.topic)) continue;
    if (entry.trigger.id === options.exclude) continue;
    let common = 0;
    for (const word of entry.words) if (own.has(word) || (loose && word.length >= PREFIX && prefixes.has(word.slice(0, PREFIX)))) common++;
    scored.push({ position, score: common / (own.size + entry.words.length - common) });
  }
  scored.sort((a, b) => b.score - a.score || a.position - b.position);
  const tried = scored.slice(0, options.tried ?? 40);
  const ranked: (NearestTrigger & { rank: number })[] = [];
  for (const { position, score } of tried) {
    const entry = index.entries[position]!;
    const via = reach(index, entry, words);
    ranked.push({ triggerId: entry.trigger.id, via, score, rank: RANK[via.type] });
  }
  const preferred = (id: number) => (options.prefer !== undefined && topicOf(index, id) === options.prefer ? 0 : 1);
  ranked.sort((a, b) => a.rank - b.rank || preferred(a.triggerId) - preferred(b.triggerId) || b.score - a.score || a.triggerId - b.triggerId);
  return ranked.slice(0, limit).map(({ triggerId, via, score }) => ({ triggerId, via, score: Math.round(score * 100) / 100 }));
}

function topicOf(index: NearestIndex, triggerId: number): string | undefined {
  return index.byId.get(triggerId)?.trigger.topic;
}

const RANK: Record<NearestVia["type"], number> = { "as-is": 0, drop: 1, replace: 1, add: 1, tokens: 2 };

function reach(index: NearestIndex, entry: NearestEntry, words: readonly string[]): NearestVia {
  entry.matcher ??= compileParts(entry.trigger.pattern, index.arrays);
  const matches = (candidate: readonly string[]) => matchPattern(entry.matcher!, candidate, NO_VALUE, newMeter(100_000)) !== null;
  if (matches(words)) return { type: "as-is" };
  for (let i = 0; i < words.length; i++) {
    if (words.length > 1 && matches([...words.slice(0, i), ...words.slice(i + 1)])) return { type: "drop", word: words[i]! };
  }
  for (let i = 0; i < words.length; i++) {
    for (const word of entry.words) {
      if (word !== words[i] && matches([...words.slice(0, i), word, ...words.slice(i + 1)])) return { type: "replace", word: words[i]!, with: word };
    }
  }
  for (let i = 0; i <= words.length; i++) {
    for (const word of entry.words) if (matches([...words.slice(0, i), word, ...words.slice(i)])) return { type: "add", word, at: i };
  }
  return { type: "tokens" };
}

/** Every literal word a pattern can match: its literals, its alternatives' and optionals' words, glued text, and array items. */
function partWords(parts: readonly PatternPart[], arrays: ArrayWords): string[] {
  const out: string[] = [];
  for (const part of parts) {
    switch (part.type) {
      case "literal":
        out.push(...literalWords(part.text));
        break;
      case "alternatives":
      case "optional":
        for (const option of part.options) out.push(...partWords(option, arrays));
        break;
      case "array":
        for (const item of arrays.get(part.name) ?? []) out.push(...item);
        break;
      case "glued":
        for (const piece of part.pieces) if (piece.type === "text") out.push(...literalWords(piece.text));
        break;
      case "wildcard":
      case "get":
      case "bot":
      case "input":
      case "reply":
        break;
      default: {
        const _exhaustive: never = part;
        return _exhaustive;
      }
    }
  }
  return out.filter((word) => word !== "");
}
