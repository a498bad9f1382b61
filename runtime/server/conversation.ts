/** @module One conversation step under the user's lock: a queued inbound row, opt-out keywords, the engine, and one transaction for all it changed (the row marked done in it). */
import type { Logger } from "pino";
import type { BotIR } from "../../compiler/ir/types.ts";
import { fireReminder, loadBrain, newBotState, newSession, respond } from "../engine/index.ts";
import type { Brain } from "../engine/index.ts";
import type { BotState, Clock, EngineEnv, Inbound, Session, StepResult } from "../engine/types.ts";
import type { HelpMode } from "../config.ts";
import type { Changes, NewLogEntry, OutboxRow, QueuedInbound, QueuedMessage, Store, UserRecord } from "../store/index.ts";
import type { UserLock } from "../outbox/index.ts";
import { classifyKeyword } from "../twilio/opt-out.ts";
import type { KeywordFamily } from "../twilio/opt-out.ts";
import { effectsToChanges } from "./effects.ts";

/** A webhook's message as stored in the inbound queue; Twilio's `OptOutType` wins over our own keyword match. */
export type InboundMessage = QueuedMessage & Inbound;

export type InboundOutcome =
  | "replayed" /* another worker finished this row first: this run's result was dropped */
  | "opted-out" | "opted-in" | "help" /* keyword handled, engine not run */
  | "ignored-opted-out" /* the user is opted out: recorded, engine not run */
  | "answered" | "no-match";

export interface Conversation {
  /** Runs one queued inbound row and marks it done in the same transaction; the caller holds the user's lock. */
  runInbound(row: QueuedInbound): Promise<InboundOutcome>;
  /** For the dispatcher: fires a claimed reminder row and completes it. */
  fireReminder(row: OutboxRow): Promise<void>;
}

export interface ConversationOptions {
  ir: BotIR;
  store: Store;
  lock: UserLock;
  clock: Clock;
  logger: Logger;
  env: EngineEnv;
  help: HelpMode;
}

export function createConversation(options: ConversationOptions): Conversation {
  const { ir, store, lock, clock, logger, env } = options;
  const brain: Brain = loadBrain(ir);

  async function step(userId: string, user: UserRecord | null, run: (state: { session: Session; bot: BotState }) => Promise<StepResult>) {
    const storedBot = await store.getBotState();
    const bot = storedBot ?? newBotState(ir);
    const session = user?.session ?? newSession(userId, clock.now());
    const result = await run({ session, bot });
    // Only a changed bot state is written: two users' steps then rarely overwrite each other's bot variables.
    const botChanged = storedBot === null || !sameBotState(result.bot, storedBot);
    return { result, botChanged };
  }

  async function handle(message: InboundMessage, now: number): Promise<InboundOutcome> {
    const user = await store.getUser(message.from);
    const keyword = keywordOf(message);
    const inboundLog: NewLogEntry = {
      direction: "in", sid: message.sid, userId: message.from, body: message.body, media: message.media,
      status: "received", errorCode: null, segments: null, encoding: null, priceEstimate: null, outboxId: null, createdAt: now,
    };
    const base: Changes = { at: now, seen: { userId: message.from }, log: [inboundLog] };
    const commit = async (changes: Changes, outcome: InboundOutcome): Promise<InboundOutcome> => {
      if (await store.completeInbound(message.sid, changes)) return outcome;
      logger.warn({ event: "inbound.claim-lost", sid: message.sid }, `inbound ${message.sid} was finished by another worker first (it took over this user's lock while this process seemed gone); this run's changes were dropped, so it is answered once`);
      return "replayed";
    };

    if (keyword === "STOP") {
      logger.info({ event: "optout", userId: message.from, keyword: message.body.trim() }, `${message.from} opted out (${message.body.trim()}): pending messages and reminders canceled, nothing more is sent until START`);
      return commit({ ...base, optOut: { userId: message.from, optedOut: true, reason: message.body.trim().toUpperCase() } }, "opted-out");
    }
    if (keyword === "START" && user?.optedOut) {
      logger.info({ event: "optin", userId: message.from }, `${message.from} opted back in (${message.body.trim()})`);
      return commit({ ...base, optOut: { userId: message.from, optedOut: false, reason: message.body.trim().toUpperCase() } }, "opted-in");
    }
    if (keyword === "HELP" && options.help === "twilio") return commit(base, "help");
    if (user?.optedOut) {
      logger.info({ event: "inbound.opted-out", userId: message.from }, `${message.from} is opted out: message recorded, the bot does not answer until they text START`);
      return commit(base, "ignored-opted-out");
    }

    const { result, botChanged } = await step(message.from, user, (state) => respond(brain, state, message, env));
    const effects = effectsToChanges(result, now, logger);
    const outcome = await commit(
      { ...base, ...effects, session: { userId: message.from, session: result.session }, ...(botChanged && { bot: result.bot }) },
      result.matched ? "answered" : "no-match",
    );
    if (!result.matched) logger.info({ event: "inbound.no-match", userId: message.from }, `no trigger matched "${message.body}" from ${message.from}: nothing sent. Add a catch-all trigger (+ *) to answer everything.`);
    return outcome;
  }

  return {
    runInbound(row) {
      // A row stored by an older schema version may lack the optional fields.
      const message: InboundMessage = { ...row.message, media: row.message.media ?? [], mediaTypes: row.message.mediaTypes ?? [], facts: row.message.facts ?? {} };
      return handle(message, clock.now());
    },
    fireReminder(row) {
      return lock.run(row.userId, async () => {
        const name = row.name ?? "";
        const user = await store.getUser(row.userId);
        const now = clock.now();
        if (user?.optedOut) {
          await store.completeReminder(row.id, { at: now });
          return;
        }
        const { result, botChanged } = await step(row.userId, user, (state) => fireReminder(brain, state, name, env));
        const effects = effectsToChanges(result, now, logger);
        const done = await store.completeReminder(row.id, { at: now, ...effects, session: { userId: row.userId, session: result.session }, ...(botChanged && { bot: result.bot }) });
        if (!done) {
          logger.warn({ event: "reminder.claim-lost", userId: row.userId, name }, `reminder "${name}" for ${row.userId} was taken back by another process while it fired (this one seemed gone); this firing was dropped, so it fires once`);
          return;
        }
        logger.info({ event: "reminder.fired", userId: row.userId, name, messages: effects.outbox?.length ?? 0 }, `reminder "${name}" fired for ${row.userId}`);
      });
    },
  };
}

function keywordOf(message: InboundMessage): KeywordFamily | null {
  const type = message.optOutType?.toUpperCase();
  if (type === "STOP" || type === "START" || type === "HELP") return type;
  return classifyKeyword(message.body);
}

/** Bot state is two flat string maps: compared key by key, without serialising either side. */
export function sameBotState(a: BotState, b: BotState): boolean {
  return sameStrings(a.vars, b.vars) && sameStrings(a.globals, b.globals);
}

function sameStrings(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b, key) || a[key] !== b[key]) return false;
  }
  return true;
}
