/**
 * @module loadBrain: indexes each topic's sorted trigger list and keeps what replying needs, nothing more.
 *
 * The brain keeps no reference to the IR. It copies reply templates without their spans and shares only
 * leaves that carry none (pattern parts, plain text parts, array items, variable tables), so a runtime can
 * drop the IR once the brain is loaded. Do not mutate the IR afterwards.
 */
import type { BotIR, TriggerIR } from "../compiler/ir/types.ts";
import { buildSubIndex, type SubIndex } from "./normalise.ts";
import { lazyPattern, type LazyPattern } from "./match/lazy-pattern.ts";
import { buildIndex, type IndexedList } from "./match/trigger-index.ts";
import { prepareArrays, type ArrayWords } from "./match/words.ts";
import { runtimeReply, type RuntimeReply } from "./runtime-reply.ts";

/**
 * One trigger as the brain keeps it: its own pattern and its reply held flat on one object (a large bot has
 * one object per trigger here, not three). The same object is shared by every topic that includes the trigger.
 */
export interface CompiledTrigger extends LazyPattern, RuntimeReply {
  /** The trigger's id in the IR (`ir.triggers[id]`, whose span says where it is written). */
  id: number;
  /** The trigger as written, for log lines. */
  text: string;
  /** `# punc nostrip`: captures keep punctuation. */
  keepPunctuation: boolean;
  /** The `%` pattern, matched against the bot's last reply. */
  previous: LazyPattern | null;
}

export interface CompiledTopic {
  name: string;
  isolated: boolean;
  /** `%` triggers, tried first. */
  previous: IndexedList<CompiledTrigger>;
  triggers: IndexedList<CompiledTrigger>;
}

/**
 * A loaded bot: everything replying needs, derived from the IR once. Treat as immutable; the only thing
 * that changes inside is each trigger's matcher, built and cached the first time the trigger is tried,
 * which changes no result.
 */
export interface Brain {
  /** Redirect/recursion limit. */
  depth: number;
  /** `! array` items as written, for `(@name)` in replies. */
  arrays: Readonly<Record<string, readonly string[]>>;
  /** `! array` items as word lists, for matching. */
  arrayWords: ArrayWords;
  /** Initial bot variables and globals (`newBotState(brain)`). */
  vars: Readonly<Record<string, string>>;
  globals: Readonly<Record<string, string>>;
  subs: SubIndex;
  person: SubIndex;
  topics: ReadonlyMap<string, CompiledTopic>;
  /** Topic `human` (after `^notifyAgent()`) answers only with weighted `default` triggers. */
  humanFallback: CompiledTopic;
}

export const DEFAULT_TOPIC = "default";
export const BEGIN_TOPIC = "__begin__";
export const HUMAN_TOPIC = "human";

/** A trigger's own pattern: the entry itself. */
export const patternOf = (entry: CompiledTrigger): LazyPattern => entry;

export function loadBrain(ir: BotIR): Brain {
  const arrayWords = prepareArrays(ir.arrays);
  // One entry per trigger, shared by every topic that lists it.
  const byId: CompiledTrigger[] = [];
  for (const trigger of ir.triggers) byId[trigger.id] = prepareTrigger(trigger, arrayWords);
  const topics = new Map<string, CompiledTopic>();
  for (const [name, topic] of Object.entries(ir.topics)) {
    topics.set(name, {
      name,
      isolated: topic.isolated,
      previous: buildIndex(pick(byId, topic.previous, true), patternOf),
      triggers: buildIndex(pick(byId, topic.triggers, false), patternOf),
    });
  }
  if (!topics.has(DEFAULT_TOPIC)) topics.set(DEFAULT_TOPIC, emptyTopic(DEFAULT_TOPIC, false));
  return {
    depth: ir.options.depth,
    arrays: ir.arrays,
    arrayWords,
    vars: ir.vars,
    globals: ir.globals,
    subs: buildSubIndex(ir.subs),
    person: buildSubIndex(ir.person, true),
    topics,
    humanFallback: humanFallback(ir, byId),
  };
}

/** The entries of a topic's id list, in its order; `%` lists keep only triggers that have a `%` pattern. */
function pick(byId: readonly (CompiledTrigger | undefined)[], ids: readonly number[], previousOnly: boolean): CompiledTrigger[] {
  const picked: CompiledTrigger[] = [];
  for (const id of ids) {
    const entry = byId[id];
    if (entry !== undefined && (!previousOnly || entry.previous !== null)) picked.push(entry);
  }
  return picked;
}

/** `default`'s weighted triggers; most bots have none, and then it is an empty topic. */
function humanFallback(ir: BotIR, byId: readonly (CompiledTrigger | undefined)[]): CompiledTopic {
  const fallback = ir.topics[DEFAULT_TOPIC];
  const weighted = (ids: readonly number[]): number[] => ids.filter((id) => (ir.triggers[id]?.weight ?? 0) > 0);
  const triggers = weighted(fallback?.triggers ?? []);
  const previous = weighted(fallback?.previous ?? []);
  if (triggers.length === 0 && previous.length === 0) return emptyTopic(DEFAULT_TOPIC, true);
  return {
    name: DEFAULT_TOPIC,
    isolated: true,
    previous: buildIndex(pick(byId, previous, true), patternOf),
    triggers: buildIndex(pick(byId, triggers, false), patternOf),
  };
}

function emptyTopic(name: string, isolated: boolean): CompiledTopic {
  return { name, isolated, previous: buildIndex([], patternOf), triggers: buildIndex([], patternOf) };
}

function prepareTrigger(trigger: TriggerIR, arrays: ArrayWords): CompiledTrigger {
  const own = lazyPattern(trigger.pattern, arrays);
  const reply = runtimeReply(trigger.reply);
  return {
    id: trigger.id,
    atomic: own.atomic,
    required: own.required,
    anyOf: own.anyOf,
    parts: own.parts,
    matcher: own.matcher,
    // A literal trigger's text is usually its key: keep one string rather than two equal ones.
    text: trigger.text === own.atomic ? own.atomic : trigger.text,
    keepPunctuation: trigger.keepPunctuation,
    http: reply.http,
    redirect: reply.redirect,
    conditions: reply.conditions,
    replies: reply.replies,
    previous: trigger.previous === null ? null : lazyPattern(trigger.previous, arrays),
  };
}

/** `random` is another name for `default`. */
export function topicName(name: string): string {
  return name === "random" ? DEFAULT_TOPIC : name;
}
