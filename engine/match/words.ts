/** @module Word tables for matching: a pattern literal's words, and each `! array` normalised once per brain. */
import { normaliseWords } from "../normalise.ts";

/** `! array` items as word lists, longest first, so the most specific item is captured when several would fit. */
export type ArrayWords = ReadonlyMap<string, readonly (readonly string[])[]>;

/**
 * The compiler writes literals already normalised; for the common plain-ASCII case splitting on the
 * single spaces gives exactly what `normaliseWords` would, without a Unicode pass per word.
 */
const PLAIN_WORDS = /^[a-z0-9]+(?: [a-z0-9]+)*$/;

export function literalWords(text: string): string[] {
  return PLAIN_WORDS.test(text) ? text.split(" ") : normaliseWords(text);
}

/** True when `literalWords(text).join(" ") === text`, known without splitting. */
export function isPlainText(text: string): boolean {
  return PLAIN_WORDS.test(text);
}

/** Normalised once per brain and shared by every pattern that names the array. */
export function prepareArrays(arrays: Readonly<Record<string, readonly string[]>>): ArrayWords {
  const table = new Map<string, (readonly string[])[]>();
  for (const [name, items] of Object.entries(arrays)) {
    table.set(
      name,
      items
        .map((item) => literalWords(item))
        .filter((words) => words.length > 0)
        .sort((a, b) => b.length - a.length),
    );
  }
  return table;
}
