/**
 * @module Trigger priority (docs/language.md "Priority"): the order the RiveScript implementations give
 * (rivescript-js, -python and -go share one `sortReplies`), because real brains were written and tuned against it.
 *
 * Two steps, as in those implementations:
 * 1. Collect the topic's triggers: for each included topic (recursively) its triggers, then for each inherited
 *    topic likewise, then the topic's own. Triggers of a topic that inherits, or that was reached through
 *    `inherits`, are tagged with their inheritance level (one per include or inherit hop); the others are untagged.
 * 2. Sort, stably: by weight (highest first); inside a weight by level (lowest first, untagged after every tagged
 *    level); inside a level by class (atomic, optionals, `_`, `#`, `*`), each by word count (most first), and the
 *    wildcard triggers with no words (`*`, `_`, `* *` …) last, `_` then `#` then `*`. Equal keys keep step 1's order.
 * The class and the words are read from the trigger as written: a `_` anywhere makes it an `_` trigger, then a `#`,
 * then a `*`, then a `[`; words are what is left between blanks, `*`, `#`, `_` and `|` (brackets stay attached).
 */
import type { TopicDeclaration } from "./collect.ts";
import type { AnalyzedTrigger } from "./types.ts";

export type TriggerClass = "atomic" | "optional" | "alpha" | "number" | "any";

/** The parts of a trigger's sort key that do not depend on the topic it is sorted in: computed once per trigger. */
export interface TriggerShape {
  id: number;
  weight: number;
  kind: TriggerClass;
  words: number;
}

/** The class of a trigger as written, first rule that applies. */
export function classify(written: string): TriggerClass {
  if (written.includes("_")) return "alpha";
  if (written.includes("#")) return "number";
  if (written.includes("*")) return "any";
  return written.includes("[") ? "optional" : "atomic";
}

/** Pieces of text between blanks, wildcards and `|`: `[*] hello [*]` has five (`[`, `]`, `hello`, `[`, `]`). */
export function wordCount(written: string): number {
  // Counted in one pass for ASCII text (every trigger's sort key needs it); other text goes through the regex,
  // whose \s also knows the Unicode blanks.
  let n = 0;
  let inWord = false;
  for (let i = 0; i < written.length; i++) {
    const c = written.charCodeAt(i);
    if (c >= 128) return wordCountUnicode(written);
    const separator = c === 32 || (c >= 9 && c <= 13) || c === 42 || c === 35 || c === 95 || c === 124;
    if (!separator && !inWord) n++;
    inWord = !separator;
  }
  return n;
}

function wordCountUnicode(written: string): number {
  let n = 0;
  for (const piece of written.split(/[\s*#_|]+/u)) if (piece.length > 0) n++;
  return n;
}

export function triggerShape(t: AnalyzedTrigger): TriggerShape {
  const written = t.node.pattern.written;
  return { id: t.id, weight: t.node.pattern.weight, kind: classify(written), words: wordCount(written) };
}

/** A collected trigger: its id and its inheritance level, `null` when untagged. */
interface Collected {
  id: number;
  level: number | null;
}

interface Walk {
  topics: Map<string, TopicDeclaration>;
  own: (topic: string) => readonly AnalyzedTrigger[];
  depth: number;
  out: Collected[];
  /** `topic level inherited` already walked: walking it again would only add copies further down the list. */
  seen: Set<string>;
}

/**
 * Step 1 for one topic. Recursion stops `depth` hops away (the redirect depth, 50 unless `! global depth`), as the
 * implementations do, so a cycle or a very long chain of topics ends there.
 */
function collect(walk: Walk, topic: string, hops: number, level: number, inherited: boolean): void {
  if (hops > walk.depth) return;
  const key = `${topic}\u0000${level}\u0000${inherited}`;
  if (walk.seen.has(key)) return;
  walk.seen.add(key);
  const decl = walk.topics.get(topic);
  if (!decl) return;
  for (const name of decl.includes) collect(walk, name, hops + 1, level + 1, false);
  for (const name of decl.inherits) collect(walk, name, hops + 1, level + 1, true);
  const tag = decl.inherits.length > 0 || inherited ? level : null;
  for (const t of walk.own(topic)) walk.out.push({ id: t.id, level: tag });
}

const classOrder: readonly TriggerClass[] = ["atomic", "optional", "alpha", "number", "any"];
const classIndex: Readonly<Record<TriggerClass, number>> = { atomic: 0, optional: 1, alpha: 2, number: 3, any: 4 };

/** Step 2: the stable sort of the collected list; a trigger collected twice keeps its first place. */
function sortCollected(collected: Collected[], shapes: readonly TriggerShape[]): number[] {
  const byWeight = new Map<number, Collected[]>();
  for (const c of collected) {
    const weight = shapes[c.id]!.weight;
    const group = byWeight.get(weight);
    if (group) group.push(c);
    else byWeight.set(weight, [c]);
  }
  const order: number[] = [];
  for (const weight of [...byWeight.keys()].sort((a, b) => b - a)) {
    const group = byWeight.get(weight)!;
    const highest = group.reduce((max, c) => (c.level !== null && c.level > max ? c.level : max), -1);
    const byLevel = new Map<number, Collected[]>();
    for (const c of group) {
      const level = c.level ?? highest + 1;
      const list = byLevel.get(level);
      if (list) list.push(c);
      else byLevel.set(level, [c]);
    }
    for (const level of [...byLevel.keys()].sort((a, b) => a - b)) order.push(...sortLevel(byLevel.get(level)!, shapes));
  }
  const placed = new Set<number>();
  return order.filter((id) => !placed.has(id) && placed.add(id) !== undefined);
}

function sortLevel(list: Collected[], shapes: readonly TriggerShape[]): number[] {
  // One pass into the five classes (then the wordless wildcard triggers of three), in collection order.
  const byKind: TriggerShape[][] = classOrder.map(() => []);
  const wordless: TriggerShape[][] = [[], [], []];
  for (const c of list) {
    const shape = shapes[c.id]!;
    const k = classIndex[shape.kind];
    if (k < 2 || shape.words > 0) byKind[k]!.push(shape);
    else wordless[k - 2]!.push(shape);
  }
  const out: number[] = [];
  for (const ofKind of byKind) {
    // Array.prototype.sort is stable: equal word counts keep the collection order.
    ofKind.sort((a, b) => b.words - a.words);
    for (const shape of ofKind) out.push(shape.id);
  }
  for (const ofKind of wordless) for (const shape of ofKind) out.push(shape.id);
  return out;
}

/**
 * Sorted ids of the triggers visible in `topic`, split into normal and `%` lists (each sorted on its `+` pattern).
 * In the `%` list, a later trigger with the same `+` and `%` text replaces an earlier one in its place.
 */
export function sortTopic(
  topic: string,
  topics: Map<string, TopicDeclaration>,
  byTopic: Map<string, AnalyzedTrigger[]>,
  shapes: readonly TriggerShape[],
  depth: number,
): { triggers: number[]; previous: number[] } {
  const normal = (name: string) => (byTopic.get(name) ?? []).filter((t) => t.node.previous === null);
  const normalWalk: Walk = { topics, own: normal, depth, out: [], seen: new Set() };
  collect(normalWalk, topic, 0, 0, false);
  const previousWalk: Walk = { topics, own: (name) => previousTriggers(byTopic.get(name) ?? []), depth, out: [], seen: new Set() };
  collect(previousWalk, topic, 0, 0, false);
  return { triggers: sortCollected(normalWalk.out, shapes), previous: sortCollected(previousWalk.out, shapes) };
}

function previousTriggers(triggers: readonly AnalyzedTrigger[]): AnalyzedTrigger[] {
  const byText = new Map<string, AnalyzedTrigger>();
  for (const t of triggers) {
    if (t.node.previous === null) continue;
    // Map.set keeps the first insertion's place and takes the later trigger, like the implementations' map.
    byText.set(`${t.node.pattern.written}\u0000${t.node.previous.written}`, t);
  }
  return [...byText.values()];
}
