/**
 * @module Trigger index: finds the few triggers of a sorted list that could match a message, in sort order.
 * A trigger can only match a message containing all its top-level literal words, so it is filed under the
 * rarest of them; literal-only triggers are a hash lookup; the rest are always tried.
 */
import type { CompiledPattern } from "./compile.ts";

export interface IndexedList<T> {
  /** In match order. */
  entries: T[];
  /** Exact normalised text → positions of the literal-only triggers with that text (several `%` triggers may share one). */
  atomic: Map<string, number[]>;
  /** Word → positions (ascending) of the triggers filed under it. */
  buckets: Map<string, number[]>;
  /** Positions (ascending) tried for every message. */
  always: number[];
}

export function buildIndex<T>(entries: T[], patternOf: (entry: T) => CompiledPattern): IndexedList<T> {
  const frequency = new Map<string, number>();
  for (const entry of entries) {
    for (const word of patternOf(entry).required) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  }
  const atomic = new Map<string, number[]>();
  const buckets = new Map<string, number[]>();
  const always: number[] = [];
  const file = (word: string, position: number): void => {
    const bucket = buckets.get(word);
    if (bucket === undefined) buckets.set(word, [position]);
    else if (bucket[bucket.length - 1] !== position) bucket.push(position);
  };
  entries.forEach((entry, position) => {
    const pattern = patternOf(entry);
    if (pattern.atomic !== null) {
      const same = atomic.get(pattern.atomic);
      if (same === undefined) atomic.set(pattern.atomic, [position]);
      else same.push(position);
    } else if (pattern.required.length > 0) {
      let rarest = pattern.required[0]!;
      for (const word of pattern.required) {
        if (frequency.get(word)! < frequency.get(rarest)!) rarest = word;
      }
      file(rarest, position);
    } else if (pattern.anyOf !== null) {
      for (const word of pattern.anyOf) file(word, position);
    } else {
      always.push(position);
    }
  });
  return { entries, atomic, buckets, always };
}

/** Positions worth testing for a message, ascending: a superset of the positions that can match. */
export function candidates<T>(
  list: IndexedList<T>,
  text: string,
  words: readonly string[],
  wordSet: ReadonlySet<string>,
  patternOf: (entry: T) => CompiledPattern,
): number[] {
  const found: number[] = [...list.always];
  const exact = list.atomic.get(text);
  if (exact !== undefined) found.push(...exact);
  const seen = new Set<string>();
  for (const word of words) {
    if (seen.has(word)) continue;
    seen.add(word);
    const bucket = list.buckets.get(word);
    if (bucket === undefined) continue;
    for (const position of bucket) {
      const required = patternOf(list.entries[position]!).required;
      if (required.every((w) => wordSet.has(w))) found.push(position);
    }
  }
  found.sort((a, b) => a - b);
  // Alternatives filed under several of the message's words appear more than once.
  return found.filter((position, i) => i === 0 || found[i - 1] !== position);
}
