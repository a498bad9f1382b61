/** @module loadBrain: compiles every trigger's matcher once and indexes each topic's sorted trigger lists. */
import type { BotIR, TriggerIR } from "../../compiler/ir/types.ts";
import { buildSubIndex, type SubIndex } from "./normalise.ts";
import { compilePattern, type CompiledPattern } from "./match/compile.ts";
import { buildIndex, type IndexedList } from "./match/trigger-index.ts";

export interface CompiledTrigger {
  trigger: TriggerIR;
  pattern: CompiledPattern;
  previous: CompiledPattern | null;
}

export interface CompiledTopic {
  name: string;
  isolated: boolean;
  /** `%` triggers, tried first. */
  previous: IndexedList<CompiledTrigger>;
  triggers: IndexedList<CompiledTrigger>;
}

/** A loaded bot: the IR plus everything derived from it once. Treat as immutable. */
export interface Brain {
  ir: BotIR;
  subs: SubIndex;
  person: SubIndex;
  topics: ReadonlyMap<string, CompiledTopic>;
  /** Topic `human` (after `^notifyAgent()`) answers only with weighted `default` triggers. */
  humanFallback: CompiledTopic;
}

export const DEFAULT_TOPIC = "default";
export const BEGIN_TOPIC = "__begin__";
export const HUMAN_TOPIC = "human";

export const patternOf = (entry: CompiledTrigger): CompiledPattern => entry.pattern;

export function loadBrain(ir: BotIR): Brain {
  const compiled = new Map<number, CompiledTrigger>();
  for (const trigger of ir.triggers) {
    compiled.set(trigger.id, {
      trigger,
      pattern: compilePattern(trigger.pattern, ir.arrays),
      previous: trigger.previous === null ? null : compilePattern(trigger.previous, ir.arrays),
    });
  }
  const pick = (ids: readonly number[], keep: (t: CompiledTrigger) => boolean = () => true): CompiledTrigger[] =>
    ids.flatMap((id) => {
      const entry = compiled.get(id);
      return entry !== undefined && keep(entry) ? [entry] : [];
    });
  const topics = new Map<string, CompiledTopic>();
  for (const [name, topic] of Object.entries(ir.topics)) {
    topics.set(name, {
      name,
      isolated: topic.isolated,
      previous: buildIndex(pick(topic.previous, (t) => t.previous !== null), patternOf),
      triggers: buildIndex(pick(topic.triggers), patternOf),
    });
  }
  if (!topics.has(DEFAULT_TOPIC)) {
    topics.set(DEFAULT_TOPIC, { name: DEFAULT_TOPIC, isolated: false, previous: buildIndex([], patternOf), triggers: buildIndex([], patternOf) });
  }
  const fallback = ir.topics[DEFAULT_TOPIC];
  const weighted = (t: CompiledTrigger): boolean => t.trigger.weight > 0;
  return {
    ir,
    subs: buildSubIndex(ir.subs),
    person: buildSubIndex(ir.person, true),
    topics,
    humanFallback: {
      name: DEFAULT_TOPIC,
      isolated: true,
      previous: buildIndex(pick(fallback?.previous ?? [], (t) => t.previous !== null && weighted(t)), patternOf),
      triggers: buildIndex(pick(fallback?.triggers ?? [], weighted), patternOf),
    },
  };
}

/** `random` is another name for `default`. */
export function topicName(name: string): string {
  return name === "random" ? DEFAULT_TOPIC : name;
}
