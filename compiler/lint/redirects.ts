/**
 * @module Where redirects go, found with the engine's own matcher: each literal redirect text is normalised and
 * matched as the engine would at run time, in the effective topic, and the triggers that loop forever are found.
 * Shared by BOT202 (a redirect nothing matches), BOT205 and BOT210 (redirect loops).
 */
import type { BotIR, Template, TemplatePart, TriggerIR } from "../ir/types.ts";
import type { Span } from "../diagnostics/types.ts";
import { normaliseMessage, buildSubIndex, type SubIndex } from "../../engine/normalise.ts";
import { lazyPattern, matcherOf, type LazyPattern } from "../../engine/match/lazy-pattern.ts";
import { matchPattern } from "../../engine/match/match.ts";
import { buildIndex, candidates, type IndexedList } from "../../engine/match/trigger-index.ts";
import { prepareArrays, type ArrayWords } from "../../engine/match/words.ts";
import { canonicalTopic } from "../2-analyze/types.ts";
import { staticText } from "./walk.ts";

/** What a redirect text answers with. `unknown`: a trigger that reads a run-time value (`<get>` …) may match first. */
export type RedirectTarget = { kind: "trigger"; trigger: TriggerIR } | { kind: "none" } | { kind: "unknown" };

/** One redirect a reply makes for certain: `@ text` or a `{@ text}` rendered whenever its reply is. */
export interface Redirect {
  text: string;
  /** The topic the text is matched in: the trigger's, or the one a `{topic=…}` earlier in the reply moves to. */
  topic: string;
  target: RedirectTarget;
  span: Span | undefined;
}

/** One way a trigger can answer, and the redirects that way makes for certain. */
export interface Branch {
  redirects: Redirect[];
}

export interface RedirectAnalysis {
  /** Per trigger id: its branches (one for `@`; each condition, each `-` reply, and "no condition held"). */
  branches: Map<number, Branch[]>;
  /** Triggers whose every branch redirects, for certain, to a trigger in this set: they never answer. */
  looping: Set<number>;
  target(topic: string, text: string): RedirectTarget;
}

interface Entry {
  trigger: TriggerIR;
  pattern: LazyPattern;
}

const cache = new WeakMap<BotIR, RedirectAnalysis>();

export function analyseRedirects(ir: BotIR): RedirectAnalysis {
  const cached = cache.get(ir);
  if (cached) return cached;
  const matcher = redirectMatcher(ir);
  const branches = new Map<number, Branch[]>();
  for (const trigger of ir.triggers) branches.set(trigger.id, triggerBranches(trigger, matcher));
  const analysis = { branches, looping: loopingTriggers(branches), target: matcher };
  cache.set(ir, analysis);
  return analysis;
}

/** The engine's matching of a redirect, without a user: the topic's triggers in order, then `default`'s. */
function redirectMatcher(ir: BotIR): (topic: string, text: string) => RedirectTarget {
  const arrays: ArrayWords = prepareArrays(ir.arrays);
  const subs: SubIndex = buildSubIndex(ir.subs);
  const lists = new Map<string, IndexedList<Entry>>();
  const listOf = (topic: string): IndexedList<Entry> | null => {
    const ids = ir.topics[topic]?.triggers;
    if (ids === undefined) return null;
    let list = lists.get(topic);
    if (!list) {
      const entries = ids.flatMap((id) => {
        const trigger = ir.triggers[id];
        return trigger ? [{ trigger, pattern: lazyPattern(trigger.pattern, arrays) }] : [];
      });
      list = buildIndex(entries, (e) => e.pattern);
      lists.set(topic, list);
    }
    return list;
  };
  // The analysis matches every redirect once; the rules that report on them (BOT202, BOT215) ask again.
  const known = new Map<string, RedirectTarget>();
  return (topicName, text) => {
    const key = `${topicName}\u0000${text}`;
    let found = known.get(key);
    if (found === undefined) known.set(key, (found = matchRedirect(topicName, text)));
    return found;
  };

  function matchRedirect(topicName: string, text: string): RedirectTarget {
    const topic = ir.topics[topicName] ? topicName : "default";
    const message = normaliseMessage(text, subs);
    const order = [topic, ...(topic === "default" || ir.topics[topic]?.isolated ? [] : ["default"])];
    for (const name of order) {
      const list = listOf(name);
      if (!list) continue;
      for (const position of candidates(list, message.text, message.words, message.wordSet, (e) => e.pattern)) {
        const entry = list.entries[position]!;
        let dynamic = false;
        const captures = matchPattern(matcherOf(entry.pattern, arrays), message.words, () => {
          dynamic = true;
          return [];
        });
        // A pattern that reads a variable or history matches depending on the user: nothing after it is certain.
        if (dynamic) return { kind: "unknown" };
        if (captures !== null) return { kind: "trigger", trigger: entry.trigger };
      }
    }
    return { kind: "none" };
  }
}

function triggerBranches(trigger: TriggerIR, target: (topic: string, text: string) => RedirectTarget): Branch[] {
  const reply = trigger.reply;
  const redirectsOf = (body: Template): Redirect[] => certainRedirects(body, trigger.topic, target);
  if (reply.redirect) {
    const text = staticText(reply.redirect);
    return [{ redirects: text === null ? [] : [{ text: text.trim(), topic: trigger.topic, target: target(trigger.topic, text), span: undefined }] }];
  }
  const branches = [...reply.conditions.map((c) => ({ redirects: redirectsOf(c.body) })), ...reply.replies.map((r) => ({ redirects: redirectsOf(r.body) }))];
  // With conditions and no `-` reply, a message for which no condition holds gets no reply: that way ends.
  if (reply.conditions.length > 0 && reply.replies.length === 0) branches.push({ redirects: [] });
  return branches;
}

/**
 * The `{@ text}` redirects a body renders every time it is rendered, with literal text: top-level ones and
 * those inside formats (a `{random}` option or a `^reminder` text is not certain). A `{topic=…}` before one
 * moves where it is matched, as the engine renders parts in order.
 */
function certainRedirects(body: Template, topic: string, target: (topic: string, text: string) => RedirectTarget): Redirect[] {
  const out: Redirect[] = [];
  let current = topic;
  const visit = (parts: readonly TemplatePart[]): void => {
    for (const part of parts) {
      if (part.type === "topic") current = canonicalTopic(part.name);
      else if (part.type === "format") visit(part.body);
      else if (part.type === "inlineRedirect") {
        const text = staticText(part.target);
        if (text !== null) out.push({ text: text.trim(), topic: current, target: target(current, text), span: part.span });
      }
    }
  };
  visit(body);
  return out;
}

/** Greatest fixed point: start from every trigger that always redirects, drop those with a way out, repeat. */
function loopingTriggers(branches: Map<number, Branch[]>): Set<number> {
  const looping = new Set<number>();
  for (const [id, list] of branches) {
    if (list.length > 0 && list.every((b) => b.redirects.some((r) => r.target.kind === "trigger"))) looping.add(id);
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const id of looping) {
      const list = branches.get(id) ?? [];
      const stuck = list.every((b) => b.redirects.some((r) => r.target.kind === "trigger" && looping.has(r.target.trigger.id)));
      if (!stuck) {
        looping.delete(id);
        changed = true;
      }
    }
  }
  return looping;
}

/** The first redirect of `branch` that leads into the loop. */
export function loopingRedirect(analysis: RedirectAnalysis, branch: Branch): (Redirect & { target: { kind: "trigger" } }) | undefined {
  return branch.redirects.find(
    (r): r is Redirect & { target: { kind: "trigger"; trigger: TriggerIR } } => r.target.kind === "trigger" && analysis.looping.has(r.target.trigger.id),
  );
}

/**
 * The cycles among the looping triggers, each once, as trigger paths that end where they start; each is
 * followed from its lowest id through the first branch's looping redirect.
 */
export function redirectCycles(ir: BotIR, analysis: RedirectAnalysis): TriggerIR[][] {
  const cycles: TriggerIR[][] = [];
  const seen = new Set<string>();
  for (const id of [...analysis.looping].sort((a, b) => a - b)) {
    const path: TriggerIR[] = [];
    const index = new Map<number, number>();
    let current: TriggerIR | undefined = ir.triggers[id];
    while (current && !index.has(current.id)) {
      index.set(current.id, path.length);
      path.push(current);
      const branch = analysis.branches.get(current.id)?.[0];
      current = branch ? loopingRedirect(analysis, branch)?.target.trigger : undefined;
    }
    if (!current) continue;
    const loop = path.slice(index.get(current.id));
    const key = loop
      .map((t) => t.id)
      .sort((a, b) => a - b)
      .join(",");
    if (seen.has(key)) continue;
    seen.add(key);
    const first = loop.reduce((a, b) => (b.id < a.id ? b : a));
    const at = loop.indexOf(first);
    cycles.push([...loop.slice(at), ...loop.slice(0, at), first]);
  }
  return cycles;
}
