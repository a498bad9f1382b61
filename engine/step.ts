/** @module The engine's entry points: answer an inbound message, fire a reminder, render a broadcast body. */
import type { Template } from "../compiler/ir/types.ts";
import type { BotState, EngineEnv, Inbound, Session, StepResult } from "./types.ts";
import { BEGIN_TOPIC, type Brain } from "./brain.ts";
import { formatReply } from "./render/ok-format.ts";
import { normaliseMessage, snakeName, type Message } from "./normalise.ts";
import { DepthExceeded, log, newScope, quote, type Answer, type Run } from "./run.ts";
import { answerMessage, answerText, answerTrigger } from "./reply.ts";
import { matchInTopic } from "./select.ts";
import { render } from "./render/render.ts";
import { toMessages } from "./messages.ts";
import { copyBotState, copySession, pushHistory, recordInbound, resolveButtons } from "./session.ts";

export interface StepState {
  session: Session;
  bot: BotState;
}

export async function respond(brain: Brain, state: StepState, inbound: Inbound, env: EngineEnv): Promise<StepResult> {
  const run = startRun(brain, state, env);
  recordInbound(run.session, inbound, run.now);
  const message = normaliseMessage(resolveButtons(run.session, inbound.body), brain.subs);
  const answer = await guarded(run, message.text, () => answerWithBegin(run, message));
  const effects = [{ type: "cancelPending" as const, userId: run.session.userId }];
  return finish(run, answer, message.text, effects);
}

export async function fireReminder(brain: Brain, state: StepState, name: string, env: EngineEnv): Promise<StepResult> {
  const run = startRun(brain, state, env);
  const key = snakeName(name);
  const reminder = run.session.reminders[key];
  if (reminder === undefined) {
    log(run, "RUN008", { name: key });
    return finish(run, { matched: false, chunks: [] }, null, []);
  }
  delete run.session.reminders[key];
  delete run.session.meta[`_reminder_${key}`];
  const answer = await guarded(run, `reminder ${key}`, async () => ({ matched: true, chunks: await render(run, newScope(0), reminder.text) }));
  return finish(run, answer, null, []);
}

export async function renderTemplate(brain: Brain, state: StepState, template: Template, env: EngineEnv): Promise<StepResult> {
  const run = startRun(brain, state, env);
  const answer = await guarded(run, "broadcast", async () => ({ matched: true, chunks: await render(run, newScope(0), template) }));
  return finish(run, answer, null, []);
}

function startRun(brain: Brain, state: StepState, env: EngineEnv): Run {
  const run: Run = {
    brain,
    env,
    now: env.clock.now(),
    session: copySession(state.session),
    bot: copyBotState(state.bot),
    effects: [],
    triggers: [],
    match: null,
    path: [],
    redirect: (text, step) => answerText(run, text, step),
  };
  return run;
}

/** A redirect loop sends nothing and discards the reply's changes; the log line names the message. */
async function guarded(run: Run, input: string, build: () => Promise<Answer>): Promise<Answer> {
  const session = copySession(run.session);
  const bot = copyBotState(run.bot);
  try {
    return await build();
  } catch (error) {
    if (!(error instanceof DepthExceeded)) throw error;
    run.session = session;
    run.bot = bot;
    run.effects = [];
    log(run, "RUN001", { depth: error.depth, input: quote(input) });
    return { matched: true, chunks: [] };
  }
}

/** BEGIN's `request` reply runs first; `{ok}` in it is replaced by the real reply, rendered once. */
async function answerWithBegin(run: Run, message: Message): Promise<Answer> {
  const begin = run.brain.topics.get(BEGIN_TOPIC);
  const request = begin === undefined ? null : matchInTopic(run, begin, normaliseMessage("request", new Map()), false);
  if (request === null) return answerMessage(run, message, 0);
  const head = await answerTrigger(run, request, 0, true);
  if (!head.chunks.some((chunk) => chunk.type === "ok")) return { matched: true, chunks: head.chunks };
  const real = await answerMessage(run, message, 0);
  return {
    matched: real.matched,
    chunks: head.chunks.flatMap((chunk) => (chunk.type === "ok" ? formatReply(real.chunks, chunk.formats, run.brain.person) : [chunk])),
  };
}

function finish(run: Run, answer: Answer, input: string | null, effects: StepResult["effects"]): StepResult {
  const out = toMessages(answer.chunks, run.session.userId, run.now);
  if (out.buttons !== null) run.session.buttons = out.buttons;
  if (input !== null) pushHistory(run.session.history.input, input);
  if (input !== null || out.messages.length > 0) {
    pushHistory(run.session.history.reply, normaliseMessage(out.spoken, run.brain.subs).text);
  }
  return {
    session: run.session,
    bot: run.bot,
    effects: [...effects, ...run.effects, ...out.messages],
    reply: out.reply,
    matched: answer.matched,
    triggers: run.triggers,
    ...(run.match !== null && { match: run.match }),
    path: run.path,
  };
}
