/** @module Trigger selection: the user's topic (`%` triggers first), then `default`, through the trigger index. */
import { DEFAULT_TOPIC, HUMAN_TOPIC, patternOf, type CompiledTopic, type CompiledTrigger } from "./brain.ts";
import type { DynamicSource } from "./match/compile.ts";
import { matcherOf } from "./match/lazy-pattern.ts";
import { matchPattern, newMeter, type CaptureRange, type ResolveDynamic } from "./match/match.ts";
import type { CompiledPattern } from "./match/compile.ts";
import { candidates, type IndexedList } from "./match/trigger-index.ts";
import { normaliseMessage, type Message } from "./normalise.ts";
import { log, type Run } from "./run.ts";
import { readUserVar, UNDEFINED } from "./render/values.ts";

export interface TriggerMatch {
  entry: CompiledTrigger;
  stars: string[];
  botstars: string[];
}

/** The topic a session's replies come from: unknown topics fall back to `default`. */
export function currentTopic(run: Run): CompiledTopic {
  const topics = run.brain.topics;
  const topic = topics.get(run.session.topic);
  if (topic !== undefined) return topic;
  return run.session.topic === HUMAN_TOPIC ? run.brain.humanFallback : topics.get(DEFAULT_TOPIC)!;
}

export function selectTrigger(run: Run, message: Message, usePrevious: boolean): TriggerMatch | null {
  const topic = currentTopic(run);
  const found = matchInTopic(run, topic, message, usePrevious);
  if (found !== null || topic.isolated || topic.name === DEFAULT_TOPIC) return found;
  const fallback = topic.name === HUMAN_TOPIC ? run.brain.humanFallback : run.brain.topics.get(DEFAULT_TOPIC)!;
  return matchInTopic(run, fallback, message, usePrevious);
}

export function matchInTopic(run: Run, topic: CompiledTopic, message: Message, usePrevious: boolean): TriggerMatch | null {
  const resolve = dynamicResolver(run);
  const arrays = run.brain.arrayWords;
  const lastReply = run.session.history.reply[0];
  if (usePrevious && lastReply !== undefined && topic.previous.entries.length > 0) {
    const replyWords = splitWords(lastReply);
    for (const entry of tryInOrder(topic.previous, message)) {
      const captures = matchBounded(run, entry, matcherOf(entry, arrays), message.words, resolve);
      if (captures === null) continue;
      const previous = matchBounded(run, entry, matcherOf(entry.previous!, arrays), replyWords, resolve);
      if (previous === null) continue;
      return {
        entry,
        stars: captureTexts(captures, message, entry.keepPunctuation),
        botstars: previous.map((range) => (range === null ? UNDEFINED : Array.isArray(range) ? replyWords.slice(range[0], range[1]).join(" ") : range.text)),
      };
    }
  }
  for (const entry of tryInOrder(topic.triggers, message)) {
    const captures = matchBounded(run, entry, matcherOf(entry, arrays), message.words, resolve);
    if (captures !== null) {
      return { entry, stars: captureTexts(captures, message, entry.keepPunctuation), botstars: [] };
    }
  }
  return null;
}

/** Each match gets its own step budget; a trigger that runs out of it does not match, and RUN025 says so. */
function matchBounded(run: Run, entry: CompiledTrigger, pattern: CompiledPattern, words: readonly string[], resolve: ResolveDynamic): CaptureRange[] | null {
  const meter = newMeter();
  const captures = matchPattern(pattern, words, resolve, meter);
  if (meter.exhausted) log(run, "RUN025", { trigger: entry.text, budget: meter.budget });
  return captures;
}

function* tryInOrder(list: IndexedList<CompiledTrigger>, message: Message): Generator<CompiledTrigger> {
  for (const position of candidates(list, message.text, message.words, message.wordSet, patternOf)) {
    yield list.entries[position]!;
  }
}

function splitWords(text: string): string[] {
  return text === "" ? [] : text.split(" ");
}

/** `# punc nostrip` captures read the words' original tokens, punctuation and case included. */
function captureTexts(captures: CaptureRange[], message: Message, keepPunctuation: boolean): string[] {
  return captures.map((range) => {
    if (range === null) return UNDEFINED;
    if (!Array.isArray(range)) return range.text;
    const [start, end] = range;
    if (!keepPunctuation) return message.words.slice(start, end).join(" ");
    if (start === end) return start === 0 && end === message.words.length ? message.raw.join(" ") : "";
    const from = start === 0 ? 0 : message.ranges[start]![0];
    const to = end === message.words.length ? message.raw.length - 1 : message.ranges[end - 1]![1];
    return message.raw.slice(from, to + 1).join(" ");
  });
}

/** `<get>`/`<bot>` values are normalised like a message; history entries already are. */
function dynamicResolver(run: Run): (source: DynamicSource) => readonly string[] {
  const cache = new Map<string, readonly string[]>();
  return (source) => {
    const key = source.type === "get" || source.type === "bot" ? `${source.type}:${source.name}` : `${source.type}:${source.index}`;
    let words = cache.get(key);
    if (words === undefined) {
      words = resolveDynamic(run, source);
      cache.set(key, words);
    }
    return words;
  };
}

function resolveDynamic(run: Run, source: DynamicSource): readonly string[] {
  switch (source.type) {
    case "get":
      return normaliseMessage(readUserVar(run, source.name), run.brain.subs).words;
    case "bot":
      return normaliseMessage(run.bot.vars[source.name] ?? UNDEFINED, run.brain.subs).words;
    case "input":
    case "reply":
      return splitWords(run.session.history[source.type][Math.max(source.index, 1) - 1] ?? UNDEFINED);
    default: {
      const _exhaustive: never = source;
      return _exhaustive;
    }
  }
}
