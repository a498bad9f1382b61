/**
 * @module Trigger index: finds the few triggers of a sorted list that could match a message, in sort order.
 * A trigger can only match a message containing all its top-level literal words, so it is filed under the
 * rarest of them; literal-only triggers are a hash lookup; the rest are always tried.
 */
import type { IndexKeys } from "./keys.ts";

export interface IndexedList<T> {
  /** In match order. */
  entries: readonly T[];
  /** Exact normalised text → first link of the literal-only triggers with that text (several `%` triggers may share one). */
  atomic: Map<string, number>;
  /** Word → first link of the triggers filed under it. */
  buckets: Map<string, number>;
  /**
   * The lists behind both maps, as chains in one flat array: link `l` holds a position at `links[l]` and the
   * next link at `links[l + 1]` (-1 ends a chain). One array of small integers instead of an array per key
   * keeps a large bot's index compact and quick to build. Chains are in no particular order: `candidates` sorts.
   */
  links: number[];
  /** Positions (ascending) tried for every message. */
  always: number[];
}

const END = -1;

export function buildIndex<T>(entries: readonly T[], keysOf: (entry: T) => IndexKeys): IndexedList<T> {
  const list: IndexedList<T> = { entries, atomic: new Map(), buckets: new Map(), links: [], always: [] };
  // One pass files everything but the triggers with required words: they go under their rarest word, known
  // only once every word has been counted.
  const frequency = new Map<string, number>();
  const withRequired: number[] = [];
  for (let position = 0; position < entries.length; position++) {
    const keys = keysOf(entries[position]!);
    if (keys.atomic !== null) file(list, list.atomic, keys.atomic, position);
    else if (keys.required.length > 0) {
      withRequired.push(position);
      for (const word of keys.required) frequency.set(word, (frequency.get(word) ?? 0) + 1);
    } else if (keys.anyOf !== null) for (const word of keys.anyOf) file(list, list.buckets, word, position);
    else list.always.push(position);
  }
  for (const position of withRequired) file(list, list.buckets, rarestWord(keysOf(entries[position]!).required, frequency), position);
  return list;
}

function file(list: IndexedList<unknown>, map: Map<string, number>, key: string, position: number): void {
  const link = list.links.length;
  list.links.push(position, map.get(key) ?? END);
  map.set(key, link);
}

function rarestWord(required: readonly string[], frequency: ReadonlyMap<string, number>): string {
  let rarest = required[0]!;
  for (const word of required) {
    if (frequency.get(word)! < frequency.get(rarest)!) rarest = word;
  }
  return rarest;
}

/** Positions worth testing for a message, ascending: a superset of the positions that can match. */
export function candidates<T>(
  list: IndexedList<T>,
  text: string,
  words: readonly string[],
  wordSet: ReadonlySet<string>,
  keysOf: (entry: T) => IndexKeys,
): number[] {
  const { links } = list;
  const found: number[] = [...list.always];
  for (let link = list.atomic.get(text) ?? END; link !== END; link = links[link + 1]!) found.push(links[link]!);
  const seen = new Set<string>();
  for (const word of words) {
    if (seen.has(word)) continue;
    seen.add(word);
    for (let link = list.buckets.get(word) ?? END; link !== END; link = links[link + 1]!) {
      const position = links[link]!;
      const required = keysOf(list.entries[position]!).required;
      if (required.every((w) => wordSet.has(w))) found.push(position);
    }
  }
  found.sort((a, b) => a - b);
  // Alternatives filed under several of the message's words appear more than once.
  return found.filter((position, i) => i === 0 || found[i - 1] !== position);
}
