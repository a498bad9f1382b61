/**
 * @module Index keys: what the trigger index needs to know about a pattern, read straight from its parts.
 * Cheap enough to compute for every trigger when the brain loads; the matcher itself is built on first use.
 */
import type { PatternPart } from "../../compiler/ir/types.ts";
import { isPlainText, literalWords, type ArrayWords } from "./words.ts";

/** A pattern as written in the IR, without its span. */
export interface PatternSource {
  catchAll: boolean;
  parts: readonly PatternPart[];
}

export interface IndexKeys {
  /** The exact normalised text when the pattern is only literal words (hash lookup). */
  atomic: string | null;
  /** Top-level literal words of a non-atomic pattern: every matching message contains all of them. */
  required: readonly string[];
  /** When there are no required words: a matching message contains at least one of these (or null). */
  anyOf: readonly string[] | null;
}

export const NO_WORDS: readonly string[] = Object.freeze([]);
const CATCH_ALL_KEYS: IndexKeys = Object.freeze({ atomic: null, required: NO_WORDS, anyOf: null });

/**
 * Most triggers are one literal the compiler already normalised: its text is the atomic key as it is,
 * with no split, no copy and no walk over parts. Null when the pattern is anything else.
 */
export function plainAtomicText(pattern: PatternSource): string | null {
  if (pattern.catchAll || pattern.parts.length !== 1) return null;
  const only = pattern.parts[0]!;
  return only.type === "literal" && isPlainText(only.text) ? only.text : null;
}

export function patternKeys(pattern: PatternSource, arrays: ArrayWords): IndexKeys {
  if (pattern.catchAll) return CATCH_ALL_KEYS;
  const plain = plainAtomicText(pattern);
  if (plain !== null) return { atomic: plain, required: NO_WORDS, anyOf: null };
  const parts = pattern.parts;
  const words: string[] = [];
  let onlyLiterals = true;
  for (const part of parts) {
    if (part.type !== "literal") onlyLiterals = false;
    else for (const word of literalWords(part.text)) words.push(word);
  }
  if (onlyLiterals) return { atomic: words.join(" "), required: NO_WORDS, anyOf: null };
  if (words.length > 0) return { atomic: null, required: [...new Set(words)], anyOf: null };
  return { atomic: null, required: NO_WORDS, anyOf: alternativeKeys(parts, arrays) };
}

/**
 * For a pattern without top-level literal words: the smallest key set taken from one top-level
 * alternatives/array group whose every option starts with (or contains) a literal word.
 */
function alternativeKeys(parts: readonly PatternPart[], arrays: ArrayWords): string[] | null {
  let best: string[] | null = null;
  for (const part of parts) {
    let keys: string[] | null = null;
    if (part.type === "alternatives") {
      keys = [];
      for (const option of part.options) {
        const word = firstWord(option);
        if (word === undefined) {
          keys = null;
          break;
        }
        keys.push(word);
      }
    } else if (part.type === "array") {
      const items = arrays.get(part.name);
      if (items !== undefined && items.length > 0) keys = items.map((item) => item[0]!);
    }
    if (keys !== null) {
      const unique = [...new Set(keys)];
      if (best === null || unique.length < best.length) best = unique;
    }
  }
  return best;
}

/** The first literal word anywhere in an option: a message matching the option contains it. */
function firstWord(option: readonly PatternPart[]): string | undefined {
  for (const part of option) {
    if (part.type !== "literal") continue;
    const words = literalWords(part.text);
    if (words.length > 0) return words[0];
  }
  return undefined;
}
