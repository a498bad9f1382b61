/** @module Reply building: a matched trigger's HTTP calls, then its redirect, conditions or weighted random reply. */
import type { ConditionIR } from "../compiler/ir/types.ts";
import type { ReplyBranch, StepMatch } from "./types.ts";
import { CATCH_ALL } from "./match/compile.ts";
import { normaliseMessage, type Message } from "./normalise.ts";
import { DepthExceeded, log, newScope, quote, type Answer, type Run, type Scope } from "./run.ts";
import { runHttpCalls } from "./http.ts";
import { render, renderText } from "./render/render.ts";
import { UNDEFINED } from "./render/values.ts";
import { isNumber } from "./render/writes.ts";
import type { RuntimeCondition, RuntimeWeightedReply } from "./runtime-reply.ts";
import { currentTopic, selectTrigger, type TriggerMatch } from "./select.ts";

/** Weights above this are treated as this, so one huge weight cannot dominate memory or arithmetic. */
export const MAX_REPLY_WEIGHT = 1000;

/** Answers a normalised message at redirect depth `step`. `%` triggers are only considered at the top level. */
export async function answerMessage(run: Run, message: Message, step: number): Promise<Answer> {
  if (step > run.brain.depth) throw new DepthExceeded(run.brain.depth);
  const match = selectTrigger(run, message, step === 0);
  if (step === 0) run.match = matchOf(match, currentTopic(run).name, message.text);
  if (match === null) {
    log(run, "RUN010", { input: quote(message.text), topic: currentTopic(run).name });
    return { matched: false, chunks: [] };
  }
  run.triggers.push(match.entry.text);
  return { matched: true, chunks: (await answerTrigger(run, match, step, false)).chunks };
}

/** The message's own answer, as the insights record it: a `*`-alone trigger is a catch-all in whichever topic it is. */
function matchOf(match: TriggerMatch | null, topic: string, text: string): StepMatch {
  if (match === null) return { kind: "none", topic, text };
  return { kind: match.entry.matcher === CATCH_ALL ? "catch-all" : "trigger", triggerId: match.entry.id, topic, text };
}

/** Redirect targets are normalised like a message before matching. */
export function answerText(run: Run, text: string, step: number): Promise<Answer> {
  return answerMessage(run, normaliseMessage(text, run.brain.subs), step);
}

export async function answerTrigger(run: Run, match: TriggerMatch, step: number, begin: boolean): Promise<Answer> {
  const reply = match.entry;
  const scope: Scope = { ...newScope(step, match.stars, match.botstars), begin };
  await runHttpCalls(run, scope, reply.http);
  const hit = (branch: ReplyBranch) => void run.path.push({ triggerId: reply.id, branch });
  if (reply.redirect !== null) {
    hit({ type: "redirect" });
    const target = await run.redirect(await renderText(run, scope, reply.redirect), step + 1);
    return { matched: true, chunks: target.chunks };
  }
  for (const [index, condition] of reply.conditions.entries()) {
    if (await conditionHolds(run, scope, condition)) {
      hit({ type: "condition", index });
      return { matched: true, chunks: await render(run, scope, condition.body) };
    }
  }
  const chosen = chooseReply(run, reply.replies);
  hit(chosen === null ? { type: "empty" } : { type: "replies" });
  if (chosen === null) {
    log(run, "RUN011", { trigger: match.entry.text });
    return { matched: true, chunks: [] };
  }
  return { matched: true, chunks: await render(run, scope, chosen.body) };
}

async function conditionHolds(run: Run, scope: Scope, condition: RuntimeCondition): Promise<boolean> {
  const left = sideValue(await renderText(run, scope, condition.left));
  const right = sideValue(await renderText(run, scope, condition.right));
  return compare(left, condition.op, right);
}

/** An empty side reads as `undefined`, like an unset variable. */
function sideValue(text: string): string {
  const trimmed = text.trim();
  return trimmed === "" ? UNDEFINED : trimmed;
}

/** Numbers compare as numbers when both sides are numbers; otherwise as strings. */
export function compare(left: string, op: ConditionIR["op"], right: string): boolean {
  const numeric = isNumber(left) && isNumber(right);
  const a: number | string = numeric ? Number(left) : left;
  const b: number | string = numeric ? Number(right) : right;
  switch (op) {
    case "==":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    default: {
      const _exhaustive: never = op;
      return _exhaustive;
    }
  }
}

function chooseReply(run: Run, replies: readonly RuntimeWeightedReply[]): RuntimeWeightedReply | null {
  if (replies.length === 0) return null;
  if (replies.length === 1) return replies[0]!;
  const weights = replies.map((r) => (Number.isFinite(r.weight) ? Math.min(MAX_REPLY_WEIGHT, Math.max(1, Math.floor(r.weight))) : 1));
  const total = weights.reduce((sum, w) => sum + w, 0);
  let ticket = Math.floor(run.env.random() * total);
  for (let i = 0; i < replies.length; i++) {
    ticket -= weights[i]!;
    if (ticket < 0) return replies[i]!;
  }
  return replies[replies.length - 1]!;
}
