/** @module The local runtime: an in-memory conversation driver on a virtual clock, for `bot chat`, `bot test` and tests. */
import type { RuntimeSettings } from "../../runtime/runtime-settings.ts";
import type { BotIR } from "../../compiler/ir/types.ts";
import { fireReminder, loadBrain, newBotState, newSession, respond } from "../../engine/index.ts";
import type { BotState, EngineEnv, Fetcher, Inbound, MacroHost, OutboundMessage, Session, StepResult } from "../../engine/types.ts";
import { createFetcher } from "../../runtime/adapters/fetcher.ts";
import { createMacroHost } from "../../runtime/adapters/macros.ts";
import { createAgenda } from "./queue.ts";
import { checkMedia, droppedMediaText } from "../../runtime/media/bot-folder.ts";
import { seededRandom } from "./random.ts";
import { settleTopic } from "../../runtime/versions/topics.ts";
import { keywordAction, optedOutAfter, type HelpMode, type KeywordAction } from "../../sms/keywords/index.ts";
import type { HandoffConfig } from "../../config/handoff-schema.ts";
import { isKeyword } from "../../runtime/handoff/gate.ts";
import { createLocalHandoffs } from "./handoff.ts";
import type { AgentRefusal, LocalHandoff } from "./handoff.ts";

export interface LocalRuntimeOptions {
  ir: BotIR;
  /** The bot folder: relative media paths are checked against it. */
  root: string;
  seed?: number;
  /** Virtual epoch ms at which the run starts. */
  startTime?: number;
  fetcher?: Fetcher;
  macros?: MacroHost;
  /** Wall-clock wait for a registered TypeScript macro when `macros` is not given (JavaScript macros are limited by engine work). */
  macroTimeoutMs?: number;
  /** `runtime.http` and `runtime.macros` of bot.config.yaml, for the default fetcher and macro host (`bot chat`). */
  settings?: RuntimeSettings;
  /** Who answers HELP and INFO (`runtime.help`; default `twilio`: Twilio does, the bot does not run). */
  help?: HelpMode;
  /** Called for every log line as it happens (engine `log` effects, handoffs, media problems). */
  onLog?: (entry: LogEntry) => void;
  /** `handoff:` of bot.config.yaml (return topic, keywords), as `bot run` reads it (docs/handoff.md). */
  handoff?: HandoffConfig;
  /** Called with every engine step's result (transcript coverage reads the triggers and branches it took). */
  onStep?: (result: StepResult) => void;
}

/** A message that went out, at virtual time `at`. Media are as written in the bot (URL or bot-folder path). */
export interface Delivered {
  to: string;
  body: string;
  media: string[];
  at: number;
  /** The `cause` given with the inbound message this answers (for a reminder: the one that scheduled it), if any. */
  cause?: number;
  /** An operator's message during a handoff (docs/handoff.md): the operator's name. */
  agent?: string;
}

export interface LogEntry {
  at: number;
  level: "info" | "warn" | "error";
  code: string;
  message: string;
  userId: string;
}

/** What one inbound message did: the messages due at once, whether a trigger matched, what stays pending. */
export interface Turn {
  delivered: Delivered[];
  matched: boolean;
  /** What the keyword layer did before the bot: `bot` when the bot ran, otherwise why it did not (STOP, START, HELP, opted out). */
  keyword: KeywordAction;
  /** The sender's opt-out state after this message. */
  optedOut: boolean;
  /** Messages of this user still waiting (delays, reminders excluded). */
  pending: number;
  /** Delayed parts this message cancelled (a new message cancels the user's pending parts unless `nocancel`). */
  canceled: Canceled[];
}

/** A pending message that will not be sent, and why. */
export interface Canceled {
  to: string;
  body: string;
  reason: "new-message" | "opted-out";
}

export interface LocalRuntime {
  /** Current virtual time, epoch ms. */
  now(): number;
  /** `cause` is the caller's reference for the message (an input line): every part of its reply carries it. */
  receive(inbound: Omit<Inbound, "media"> & { media?: string[] }, cause?: number): Promise<Turn>;
  /** Moves the clock forward, delivering (and firing reminders) in time order. */
  advance(ms: number): Promise<Delivered[]>;
  /** Due time of the next pending message or reminder, or null when nothing waits. */
  nextDueAt(): number | null;
  pendingMessages(userId?: string): number;
  session(userId: string): Session | undefined;
  /** True from an opt-out keyword until an opt-in one: nothing is sent to the user meanwhile. */
  optedOut(userId: string): boolean;
  /** Sets (or with `null`, clears) user variables, as a test fixture would. */
  setUserVars(userId: string, vars: Record<string, string | null>): void;
  bot(): BotState;
  logs(): readonly LogEntry[];
  /**
   * Runs `ir` from the next message on (`bot chat --watch`): sessions, bot variables and pending messages are kept;
   * a user in a topic `ir` lacks goes on in `default`. Returns the users moved.
   */
  swap(ir: BotIR): string[];
  /** The user's open handoff (docs/handoff.md), or null. */
  handoff(userId: string): LocalHandoff | null;
  /** An operator's message to a handed-off user: sent at once, as the outbox would. */
  agent(userId: string, body: string, agent?: string): Promise<Delivered | AgentRefusal>;
  /** Closes the user's handoff, returning to `topic` (else `handoff.returnTopic`); the optional message goes first. */
  closeHandoff(userId: string, topic?: string | null, message?: string | null): Promise<Delivered[] | AgentRefusal>;
}

/** Codes for what the local runtime itself logs (the engine's own events carry their RUN codes). */
export const LOCAL_LOG = { mediaSkipped: "RUN012", engineFailed: "RUN013", handoff: "RUN014" } as const;

export function createLocalRuntime(options: LocalRuntimeOptions): LocalRuntime {
  const { ir, root, seed = 0, startTime = 0, macroTimeoutMs = 1000, help = "twilio", onLog } = options;
  let brain = loadBrain(ir);
  let topics = Object.keys(ir.topics);
  let clock = startTime;
  let bot = newBotState(ir);
  const sessions = new Map<string, Session>();
  const optedOut = new Set<string>();
  const agenda = createAgenda();
  const logs: LogEntry[] = [];
  const handoffs = createLocalHandoffs(options.handoff);
  const virtualClock = { now: () => clock };
  const random = seededRandom(seed);
  // A macro's console lines, and what the macro host reports with a code (RUN026–RUN029 …), show in bot chat
  // and bot test as the engine's log lines do; its other failures arrive as RUN004 from the engine.
  const macroLogger = {
    info: (fields: Record<string, unknown>, message: string) => macroLog("info", fields, message),
    warn: (fields: Record<string, unknown>, message: string) =>
      macroLog(fields["console"] === "info" || fields["console"] === "debug" ? "info" : "warn", fields, message),
  };
  const macroLog = (level: LogEntry["level"], fields: Record<string, unknown>, message: string) => {
    const code = typeof fields["code"] === "string" ? fields["code"] : fields["console"] !== undefined ? "console" : null;
    if (code !== null) log({ level, code, message: message.startsWith(`${code} `) ? message.slice(code.length + 1) : message, userId: "" });
  };
  const env: EngineEnv = {
    clock: virtualClock,
    random,
    fetcher: options.fetcher ?? createFetcher({ allow: options.settings?.http.allow ?? [] }),
    // Macros see the virtual clock and the seeded source too, so runs with macros repeat exactly.
    macros:
      options.macros ??
      createMacroHost(ir.objects, {
        timeoutMs: macroTimeoutMs,
        clock: virtualClock,
        random,
        logger: macroLogger,
        ...(options.settings && { limits: options.settings.macros }),
      }),
  };

  // Calls are serialised: a message arriving while an advance fires reminders waits its turn, as the
  // per-user lock makes it wait in the SMS runtime.
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };

  const log = (entry: Omit<LogEntry, "at">) => {
    const full = { at: clock, ...entry };
    logs.push(full);
    onLog?.(full);
  };

  const sessionOf = (userId: string) => {
    let session = sessions.get(userId);
    if (!session) {
      session = newSession(userId, clock);
      sessions.set(userId, session);
    }
    return session;
  };

  // Which inbound message each pending part, and each pending reminder, answers.
  const causes = new WeakMap<OutboundMessage, number | null>();
  const reminderCauses = new Map<string, number | null>();
  const reminderKey = (userId: string, name: string) => `${userId}\u0000${name}`;

  // What the turn under way cancelled (receive() resets it): reported in Turn.canceled.
  let canceled: Canceled[] = [];
  const apply = (userId: string, result: StepResult, cause: number | null) => {
    options.onStep?.(result);
    sessions.set(userId, result.session);
    bot = result.bot;
    // `cancelPending` comes first in the list, so it never drops this reply's own parts.
    const messages: OutboundMessage[] = [];
    for (const effect of result.effects) {
      switch (effect.type) {
        case "message":
          messages.push(effect);
          break;
        case "cancelPending":
          for (const dropped of agenda.cancelPending(effect.userId)) canceled.push({ to: dropped.to, body: dropped.body, reason: "new-message" });
          break;
        case "scheduleReminder":
          agenda.addReminder(effect.userId, effect.name, effect.dueAt);
          reminderCauses.set(reminderKey(effect.userId, effect.name), cause);
          break;
        case "cancelReminder":
          agenda.removeReminder(effect.userId, effect.name);
          break;
        case "handoff":
          // As the SMS runtime: the delayed parts queued before are canceled; this reply's own parts still go.
          handoffs.open(effect.userId, effect.reason ?? null, clock);
          for (const dropped of agenda.cancelPending(effect.userId)) canceled.push({ to: dropped.to, body: dropped.body, reason: "new-message" });
          log({
            level: "info",
            code: LOCAL_LOG.handoff,
            message: `handed to a person (^notifyAgent${effect.reason ? `: ${effect.reason}` : ""}): the bot stands aside until the handoff closes`,
            userId: effect.userId,
          });
          break;
        case "log":
          log({ level: effect.level, code: effect.code, message: effect.message, userId: effect.userId });
          break;
        default: {
          const _exhaustive: never = effect;
          throw new Error(`unknown effect ${JSON.stringify(_exhaustive)}`);
        }
      }
    }
    for (const message of messages.sort((a, b) => a.seq - b.seq)) {
      causes.set(message, cause);
      agenda.addMessage(message);
    }
  };

  const deliver = (message: OutboundMessage): Delivered | null => {
    // As the dispatcher checks at send time: whatever queued it, nothing goes to an opted-out user.
    if (optedOut.has(message.to)) return null;
    const media: string[] = [];
    for (const reference of message.media) {
      const check = checkMedia(reference, root);
      if (check.ok) media.push(reference);
      else log({ level: "warn", code: LOCAL_LOG.mediaSkipped, message: droppedMediaText(reference, check.reason), userId: message.to });
    }
    if (message.body === "" && media.length === 0) return null;
    const cause = causes.get(message);
    return cause === undefined || cause === null
      ? { to: message.to, body: message.body, media, at: clock }
      : { to: message.to, body: message.body, media, at: clock, cause };
  };

  const guarded = async (userId: string, what: string, step: () => Promise<StepResult>): Promise<StepResult | null> => {
    try {
      return await step();
    } catch (error) {
      // An engine failure loses this one reply, never the run: the session stays as it was.
      const why = error instanceof Error ? error.message : String(error);
      log({ level: "error", code: LOCAL_LOG.engineFailed, message: `${what} failed: ${why}`, userId });
      return null;
    }
  };

  /** Delivers and fires everything due up to `target`, moving the clock through each due time. */
  const drain = async (target: number): Promise<Delivered[]> => {
    const out: Delivered[] = [];
    for (let entry = agenda.takeDue(target); entry; entry = agenda.takeDue(target)) {
      clock = Math.max(clock, entry.dueAt);
      if (entry.type === "message") {
        const sent = deliver(entry.message);
        if (sent) out.push(sent);
        continue;
      }
      const { userId, name } = entry;
      const cause = reminderCauses.get(reminderKey(userId, name)) ?? null;
      reminderCauses.delete(reminderKey(userId, name));
      if (optedOut.has(userId)) continue;
      // Due while a person has the conversation: dropped, not fired late (docs/handoff.md).
      if (handoffs.get(userId)) {
        const session = sessionOf(userId);
        const reminders = { ...session.reminders };
        delete reminders[name];
        sessions.set(userId, { ...session, reminders });
        continue;
      }
      const result = await guarded(userId, `reminder ${name}`, () => fireReminder(brain, { session: sessionOf(userId), bot }, name, env));
      if (result) apply(userId, result, cause);
    }
    clock = Math.max(clock, target);
    return out;
  };

  return {
    now: () => clock,
    receive: (inbound, cause) =>
      serial(async () => {
        const message: Inbound = { ...inbound, media: inbound.media ?? [] };
        const wasOptedOut = optedOut.has(message.from);
        const keyword = keywordAction(message, { optedOut: wasOptedOut, help });
        if (optedOutAfter(keyword, wasOptedOut)) optedOut.add(message.from);
        else optedOut.delete(message.from);
        // An opt-out cancels everything pending for the user, as the SMS runtime's store does.
        canceled = [];
        if (keyword.type === "opted-out") {
          const dropped = agenda.list().filter((e) => e.type === "message" && e.message.to === message.from);
          for (const e of dropped) if (e.type === "message") canceled.push({ to: e.message.to, body: e.message.body, reason: "opted-out" });
          agenda.cancelAll(message.from);
        }
        let result: StepResult | null = null;
        const handoff = handoffs.get(message.from);
        if (handoff && keyword.type === "opted-out") sessions.set(message.from, handoffs.close(message.from, sessionOf(message.from), null));
        else if (handoff && keyword.type === "bot") {
          // The bot stands aside: counted, the user's delayed parts canceled, the engine not run.
          handoffs.userWrote(message.from);
          for (const dropped of agenda.cancelPending(message.from)) canceled.push({ to: dropped.to, body: dropped.body, reason: "new-message" });
          if (isKeyword(message.body, handoffs.config.returnKeyword)) sessions.set(message.from, handoffs.close(message.from, sessionOf(message.from), null));
          const delivered = await drain(clock);
          return { delivered, matched: false, keyword, optedOut: optedOut.has(message.from), pending: countMessages(message.from), canceled };
        } else if (keyword.type === "bot" && isKeyword(message.body, handoffs.config.keyword)) {
          handoffs.open(message.from, `the user texted ${handoffs.config.keyword}`, clock);
          sessions.set(message.from, { ...sessionOf(message.from), handoff: true, topic: "human" });
          for (const dropped of agenda.cancelPending(message.from)) canceled.push({ to: dropped.to, body: dropped.body, reason: "new-message" });
          return { delivered: await drain(clock), matched: false, keyword, optedOut: false, pending: countMessages(message.from), canceled };
        }
        if (keyword.type === "bot") {
          result = await guarded(message.from, "reply", () => respond(brain, { session: sessionOf(message.from), bot }, message, env));
          if (result) apply(message.from, result, cause ?? null);
        }
        const delivered = await drain(clock);
        return {
          delivered,
          matched: result?.matched ?? false,
          keyword,
          optedOut: optedOut.has(message.from),
          pending: countMessages(message.from),
          canceled,
        };
      }),
    advance: (ms) => serial(() => drain(clock + Math.max(0, ms))),
    nextDueAt: () => agenda.nextDueAt(),
    pendingMessages: (userId) => countMessages(userId),
    session: (userId) => sessions.get(userId),
    optedOut: (userId) => optedOut.has(userId),
    setUserVars(userId, vars) {
      const session = sessionOf(userId);
      const next = { ...session.vars };
      for (const [name, value] of Object.entries(vars)) {
        if (value === null) delete next[name];
        else next[name] = value;
      }
      sessions.set(userId, { ...session, vars: next });
    },
    bot: () => bot,
    logs: () => logs,
    handoff: (userId) => handoffs.get(userId),
    agent: (userId, body, agent = "operator") =>
      serial(async () => {
        const refused = refusal(userId);
        if (refused) return refused;
        handoffs.agentWrote(userId);
        return { to: userId, body, media: [], at: clock, agent };
      }),
    closeHandoff: (userId, topic = null, message = null) =>
      serial(async () => {
        if (!handoffs.get(userId)) return { ok: false, reason: `${userId} has no open handoff` } as const;
        const target = topic ?? handoffs.config.returnTopic;
        if (!topics.includes(target)) return { ok: false, reason: `the bot has no topic "${target}"` } as const;
        const sent: Delivered[] = message && !optedOut.has(userId) ? [{ to: userId, body: message, media: [], at: clock, agent: "operator" }] : [];
        sessions.set(userId, handoffs.close(userId, sessionOf(userId), target));
        return sent;
      }),
    swap(next) {
      brain = loadBrain(next);
      topics = Object.keys(next.topics);
      if (!options.macros)
        env.macros = createMacroHost(next.objects, {
          timeoutMs: macroTimeoutMs,
          clock: virtualClock,
          random,
          logger: macroLogger,
          ...(options.settings && { limits: options.settings.macros }),
        });
      const moved: string[] = [];
      for (const [userId, session] of sessions) {
        const settled = settleTopic(session, next);
        if (settled === null) continue;
        sessions.set(userId, settled.session);
        moved.push(userId);
      }
      return moved;
    },
  };

  /** Why an operator may not write to the user now (the API's 409), or null. */
  function refusal(userId: string): AgentRefusal | null {
    if (optedOut.has(userId)) return { ok: false, reason: `${userId} has opted out (texted STOP): nothing was sent` };
    if (!handoffs.get(userId)) return { ok: false, reason: `${userId} is not handed to a person: nothing was sent` };
    return null;
  }

  function countMessages(userId?: string): number {
    return agenda.list().filter((e) => e.type === "message" && (userId === undefined || e.message.to === userId)).length;
  }
}
