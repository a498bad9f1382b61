/** @module Message normalisation: whole-word substitutions, lowercase, punctuation stripped, single spaces. */
import type { Substitution } from "../../compiler/ir/types.ts";

/** Everything that is not a letter, mark or number is punctuation (emoji included). */
const NOT_WORD_CHAR = /[^\p{L}\p{M}\p{N}]/gu;
const WHITESPACE = /\s+/u;

/** Substitutions indexed by their first word; each list keeps the IR order (longest first). */
export type SubIndex = Map<string, { from: string[]; to: string[] }[]>;

/** A normalised message. `ranges[i]` is the span of raw tokens word `i` came from (for `# punc nostrip`). */
export interface Message {
  text: string;
  words: string[];
  wordSet: Set<string>;
  raw: string[];
  ranges: [number, number][];
}

/** One token as matching sees it: NFC, lowercase, punctuation removed (may become empty). */
export function normaliseWord(token: string): string {
  return token.normalize("NFC").toLowerCase().replace(NOT_WORD_CHAR, "");
}

/** Splits text into normalised words, dropping tokens that were only punctuation. No substitutions. */
export function normaliseWords(text: string): string[] {
  const words: string[] = [];
  for (const token of text.split(WHITESPACE)) {
    const word = normaliseWord(token);
    if (word !== "") words.push(word);
  }
  return words;
}

/** Message substitutions normalise `to`; person substitutions (`keepCase`) keep it as written ("I am"). */
export function buildSubIndex(subs: readonly Substitution[], keepCase = false): SubIndex {
  const index: SubIndex = new Map();
  for (const sub of subs) {
    const from = normaliseWords(sub.from);
    const first = from[0];
    if (first === undefined) continue;
    const list = index.get(first) ?? [];
    list.push({ from, to: keepCase ? sub.to.split(WHITESPACE).filter((w) => w !== "") : normaliseWords(sub.to) });
    index.set(first, list);
  }
  return index;
}

/** Normalises a message (or a redirect target, or a history entry) exactly as matching expects it. */
export function normaliseMessage(body: string, subs: SubIndex): Message {
  const raw = body.split(WHITESPACE).filter((token) => token !== "");
  const plain: string[] = [];
  const plainRanges: [number, number][] = [];
  raw.forEach((token, i) => {
    const word = normaliseWord(token);
    if (word !== "") {
      plain.push(word);
      plainRanges.push([i, i]);
    }
  });
  const words: string[] = [];
  const ranges: [number, number][] = [];
  let i = 0;
  while (i < plain.length) {
    const hit = subs.size > 0 ? findSubstitution(subs, plain, i) : undefined;
    if (hit === undefined) {
      words.push(plain[i]!);
      ranges.push(plainRanges[i]!);
      i += 1;
      continue;
    }
    // Replacement words inherit the raw span of everything they replaced.
    const span: [number, number] = [plainRanges[i]![0], plainRanges[i + hit.from.length - 1]![1]];
    for (const word of hit.to) {
      words.push(word);
      ranges.push(span);
    }
    i += hit.from.length;
  }
  return { text: words.join(" "), words, wordSet: new Set(words), raw, ranges };
}

export function findSubstitution(
  subs: SubIndex,
  words: readonly string[],
  at: number,
): { from: string[]; to: string[] } | undefined {
  const list = subs.get(words[at]!);
  if (list === undefined) return undefined;
  return list.find((sub) => sub.from.every((word, k) => words[at + k] === word));
}

/** `^reminder` names: `"WakeUp Call"` → `wakeup_call`. */
export function snakeName(name: string): string {
  return normaliseWords(name.replace(/[^\p{L}\p{M}\p{N}]+/gu, " ")).join("_");
}
