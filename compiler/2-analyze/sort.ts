/** @module Trigger priority (LANGUAGE.md §3): the WD sort with a real length tie-break, includes pooled, inherits ranked below. */
import type { PatternElement, PatternNode } from "../1-parse/ast.ts";
import type { TopicDeclaration } from "./collect.ts";
import type { AnalyzedTrigger } from "./types.ts";

/** Class order of the WD: atomic, optionals, `_`, `#`, `*` wildcards, then the lone `*`. */
export type TriggerClass = "atomic" | "optional" | "alpha" | "number" | "any" | "catchAll";
const classRank: Record<TriggerClass, number> = { atomic: 0, optional: 1, alpha: 2, number: 3, any: 4, catchAll: 5 };

export interface SortKey {
  weight: number;
  level: number;
  rank: number;
  words: number;
  length: number;
  id: number;
}

const OPTIONAL = 1;
const ALPHA = 2;
const NUMBER = 4;
const ANY = 8;
const wildcardFlags: Record<"alpha" | "number" | "any", number> = { alpha: ALPHA, number: NUMBER, any: ANY };

export function classify(pattern: PatternNode): TriggerClass {
  const only = pattern.parts[0];
  if (pattern.parts.length === 1 && only?.type === "Wildcard" && only.kind === "any") return "catchAll";
  const found = classFlags(pattern.parts, 0);
  if (found & ALPHA) return "alpha";
  if (found & NUMBER) return "number";
  if (found & ANY) return "any";
  return found & OPTIONAL ? "optional" : "atomic";
}

/** The wildcard kinds in `parts` (nested groups too), and whether there is an optional group, as bit flags. */
function classFlags(parts: PatternElement[], flags: number): number {
  let found = flags;
  for (const p of parts) {
    if (p.type === "Wildcard") found |= wildcardFlags[p.kind];
    else if (p.type === "Optional" || p.type === "Alternatives") {
      if (p.type === "Optional") found |= OPTIONAL;
      for (const option of p.options) found = classFlags(option, found);
    }
  }
  return found;
}

/** Words that are not wildcards; brackets and `|` are syntax, not words. Arrays and tags count as one word. */
export function wordCount(parts: PatternElement[]): number {
  let n = 0;
  for (const p of parts) {
    if (p.type === "Alternatives" || p.type === "Optional") for (const option of p.options) n += wordCount(option);
    else if (p.type !== "Wildcard") n++;
  }
  return n;
}

/** The parts of a trigger's key that do not depend on the topic it is sorted in: computed once per trigger. */
export type TriggerShape = Omit<SortKey, "level">;

export function triggerShape(t: AnalyzedTrigger): TriggerShape {
  const pattern = t.node.pattern;
  return { weight: pattern.weight, rank: classRank[classify(pattern)], words: wordCount(pattern.parts), length: pattern.text.length, id: t.id };
}

export function compareKeys(a: SortKey, b: SortKey): number {
  return (
    b.weight - a.weight || a.level - b.level || a.rank - b.rank || b.words - a.words || b.length - a.length || a.id - b.id
  );
}

/**
 * The topics whose triggers a user in `topic` can match, each with its inheritance level: the topic and
 * everything it includes (recursively) share its level; inherited topics are one level further down.
 * A topic reachable several ways gets its lowest level. Breadth first, level by level, so a long chain of
 * includes needs no deep recursion and every topic is expanded once per level at most.
 */
export function topicLevels(topic: string, topics: Map<string, TopicDeclaration>): Map<string, number> {
  const levels = new Map<string, number>([[topic, 0]]);
  let current = [topic];
  for (let level = 0; current.length > 0; level++) {
    const next: string[] = [];
    // `current` grows while it is read: an include is on the same level.
    for (let i = 0; i < current.length; i++) {
      const name = current[i] as string;
      if (levels.get(name) !== level) continue; // reached on a lower level since it was queued
      const decl = topics.get(name);
      if (!decl) continue;
      for (const inc of decl.includes) {
        const seen = levels.get(inc);
        if (seen !== undefined && seen <= level) continue;
        levels.set(inc, level);
        current.push(inc);
      }
      for (const inh of decl.inherits) {
        const seen = levels.get(inh);
        if (seen !== undefined && seen <= level + 1) continue;
        levels.set(inh, level + 1);
        next.push(inh);
      }
    }
    current = next;
  }
  return levels;
}

/** Sorted ids of the triggers visible in `topic`, split into normal and `%` lists (each sorted on its `+` pattern). */
export function sortTopic(
  topic: string,
  topics: Map<string, TopicDeclaration>,
  byTopic: Map<string, AnalyzedTrigger[]>,
  shapes: readonly TriggerShape[],
): { triggers: number[]; previous: number[] } {
  const normal: SortKey[] = [];
  const previous: SortKey[] = [];
  for (const [name, level] of topicLevels(topic, topics)) {
    for (const t of byTopic.get(name) ?? []) {
      const shape = shapes[t.id] ?? triggerShape(t);
      const key: SortKey = { weight: shape.weight, level, rank: shape.rank, words: shape.words, length: shape.length, id: shape.id };
      (t.node.previous ? previous : normal).push(key);
    }
  }
  return { triggers: sortedIds(normal), previous: sortedIds(previous) };
}

function sortedIds(keys: SortKey[]): number[] {
  return keys.sort(compareKeys).map((k) => k.id);
}
