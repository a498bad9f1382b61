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

export function classify(pattern: PatternNode): TriggerClass {
  const only = pattern.parts[0];
  if (pattern.parts.length === 1 && only?.type === "Wildcard" && only.kind === "any") return "catchAll";
  const kinds = new Set<string>();
  let optional = false;
  const visit = (parts: PatternElement[]): void => {
    for (const p of parts) {
      if (p.type === "Wildcard") kinds.add(p.kind);
      else if (p.type === "Optional") {
        optional = true;
        p.options.forEach(visit);
      } else if (p.type === "Alternatives") p.options.forEach(visit);
    }
  };
  visit(pattern.parts);
  if (kinds.has("alpha")) return "alpha";
  if (kinds.has("number")) return "number";
  if (kinds.has("any")) return "any";
  return optional ? "optional" : "atomic";
}

/** Words that are not wildcards; brackets and `|` are syntax, not words. Arrays and tags count as one word. */
export function wordCount(parts: PatternElement[]): number {
  let n = 0;
  for (const p of parts) {
    if (p.type === "Alternatives" || p.type === "Optional") n += p.options.reduce((sum, o) => sum + wordCount(o), 0);
    else if (p.type !== "Wildcard") n++;
  }
  return n;
}

export function sortKey(t: AnalyzedTrigger, level: number, pattern: PatternNode): SortKey {
  return {
    weight: t.node.pattern.weight,
    level,
    rank: classRank[classify(pattern)],
    words: wordCount(pattern.parts),
    length: pattern.text.length,
    id: t.id,
  };
}

export function compareKeys(a: SortKey, b: SortKey): number {
  return (
    b.weight - a.weight || a.level - b.level || a.rank - b.rank || b.words - a.words || b.length - a.length || a.id - b.id
  );
}

/**
 * The topics whose triggers a user in `topic` can match, each with its inheritance level: the topic and
 * everything it includes (recursively) share its level; inherited topics are one level further down.
 */
export function topicLevels(topic: string, topics: Map<string, TopicDeclaration>): Map<string, number> {
  const levels = new Map<string, number>();
  const visit = (name: string, level: number): void => {
    const seen = levels.get(name);
    if (seen !== undefined && seen <= level) return;
    levels.set(name, level);
    const decl = topics.get(name);
    if (!decl) return;
    for (const inc of decl.includes) visit(inc, level);
    for (const inh of decl.inherits) visit(inh, level + 1);
  };
  visit(topic, 0);
  return levels;
}

/** Sorted ids of the triggers visible in `topic`, split into normal and `%` lists (each sorted on its `+` pattern). */
export function sortTopic(
  topic: string,
  topics: Map<string, TopicDeclaration>,
  byTopic: Map<string, AnalyzedTrigger[]>,
): { triggers: number[]; previous: number[] } {
  const normal: SortKey[] = [];
  const previous: SortKey[] = [];
  for (const [name, level] of topicLevels(topic, topics)) {
    for (const t of byTopic.get(name) ?? []) {
      const key = sortKey(t, level, t.node.pattern);
      (t.node.previous ? previous : normal).push(key);
    }
  }
  return { triggers: normal.sort(compareKeys).map((k) => k.id), previous: previous.sort(compareKeys).map((k) => k.id) };
}
