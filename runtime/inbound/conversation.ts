/** @module One conversation step under the user's lock: a queued inbound row, opt-out keywords, the engine, and one transaction for all it changed (the row marked done in it). */
import type { Logger } from "pino";
import type { BotIR } from "../../compiler/ir/types.ts";
import { fireReminder, newBotState, newSession, respond } from "../../engine/index.ts";
import type { BotState, Clock, EngineEnv, Inbound, Session, StepResult } from "../../engine/types.ts";
import { keywordAction, type HelpMode } from "../../sms/keywords/index.ts";
import type { BotChanges, Changes, NewLogEntry, OutboxRow, QueuedInbound, QueuedMessage, Store, UserRecord } from "../store/index.ts";
import { BotStateConflict, diffBotState } from "../store/index.ts";
import type { UserLock } from "../outbox/index.ts";
import { effectsToChanges } from "./effects.ts";
import { handoffStep } from "../handoff/step.ts";
import type { HandoffStepOptions } from "../handoff/step.ts";
import { matchOfStep, matchWithoutEngine } from "../insights/record.ts";
import { replayingFetcher, serialiser } from "./retry-step.ts";
import { DEFAULT_HTTP_BUDGET_MS } from "../runtime-settings.ts";
import { fixedBot } from "../versions/holder.ts";
import type { BotHolder, LiveBot } from "../versions/holder.ts";
import { withVersion } from "../versions/stamp.ts";
import { settleTopic } from "../versions/topics.ts";

/** A step whose bot-variable writes keep conflicting is given up (its row stays queued and the worker runs it again later). */
const MAX_BOT_ATTEMPTS = 25;

/** A webhook's message as stored in the inbound queue; Twilio's `OptOutType` wins over our own keyword match. */
export type InboundMessage = QueuedMessage & Inbound;

export type InboundOutcome =
  | "replayed" /* another worker finished this row first: this run's result was dropped */
  | "opted-out"
  | "opted-in"
  | "help" /* keyword handled, engine not run */
  | "ignored-opted-out" /* the user is opted out: recorded, engine not run */
  | "answered"
  | "handed-off" /* a person has the conversation (docs/handoff.md): stored and counted, engine not run */
  | "no-match";

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
  /** All `$` calls of one step share this much wall-clock time (default 10 s), so a step cannot hold its user for long. */
  httpBudgetMs?: number;
  /**
   * The bot to run, swappable while the process runs (a published version followed live, or `--watch`); each step
   * runs wholly on the one current when it starts. Absent: `ir` with `env`, never swapped.
   */
  bot?: BotHolder;
  /** Human takeover (docs/handoff.md): the `handoff:` config and where its events go. */
  handoff?: HandoffStepOptions;
}

export function createConversation(options: ConversationOptions): Conversation {
  const { ir, store, lock, clock, logger, env } = options;
  const holder: BotHolder = options.bot ?? fixedBot(ir, env);
  const handoffs = handoffStep(store.handoffs, logger, options.handoff);

  /** Steps that lost a bot-variable race run again one at a time (in this process), so they cannot keep colliding. */
  const retries = serialiser();

  async function step(
    live: LiveBot,
    userId: string,
    user: UserRecord | null,
    env: EngineEnv,
    run: (state: { session: Session; bot: BotState }, env: EngineEnv) => Promise<StepResult>,
  ) {
    const storedBot = await store.getBotState();
    const before = storedBot ?? newBotState(live.ir);
    const stored = user?.session ?? newSession(userId, clock.now());
    // A version without the user's topic (it was removed since): the user goes on in `default`.
    const settled = settleTopic(stored, live.ir);
    if (settled) {
      const moved = holder.movedToDefault();
      logger.info(
        { event: "versions.topic-removed", userId, topic: settled.removed, version: live.version, moved },
        `${userId} was in topic "${settled.removed}", which version ${live.version ?? "(unpublished)"} no longer has: moved to default`,
      );
    }
    const session = settled?.session ?? stored;
    const result = await run({ session, bot: before }, env);
    // Only the variables the step changed are written, as changes checked against the stored state at commit.
    const writes = diffBotState(before, result.bot);
    const bot: BotChanges | undefined = storedBot === null || writes.length > 0 ? { initial: newBotState(live.ir), writes } : undefined;
    return { result, bot };
  }

  /**
   * Runs a step and commits it; when its bot-variable writes conflict with a step that committed first,
   * the step runs again on the new bot state (its `$` calls answered from the first run, not repeated).
   */
  async function stepAndCommit<T>(
    live: LiveBot,
    userId: string,
    user: UserRecord | null,
    run: Parameters<typeof step>[4],
    commit: (stepped: Awaited<ReturnType<typeof step>>) => Promise<T>,
  ): Promise<T> {
    // One deadline for every `$` call of the step, on the wall clock Twilio's webhook timeout runs on.
    const deadline = Date.now() + (options.httpBudgetMs ?? DEFAULT_HTTP_BUDGET_MS);
    const calls = replayingFetcher((request) => live.env.fetcher({ ...request, deadline: Math.min(request.deadline ?? Infinity, deadline) }));
    const stepEnv: EngineEnv = { ...live.env, fetcher: calls.fetcher };
    const attempt = async () => {
      calls.again();
      return commit(await step(live, userId, user, stepEnv, run));
    };
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof BotStateConflict)) throw error;
      logger.debug({ event: "bot-state.conflict", userId, variable: error.write.name }, `${error.message}: running ${userId}'s step again on the new value`);
    }
    return retries.run(async () => {
      for (let tries = 2; ; tries++) {
        try {
          return await attempt();
        } catch (error) {
          if (!(error instanceof BotStateConflict) || tries >= MAX_BOT_ATTEMPTS) throw error;
          logger.debug(
            { event: "bot-state.conflict", userId, variable: error.write.name, tries },
            `${error.message}: running ${userId}'s step again on the new value`,
          );
        }
      }
    });
  }

  async function handle(message: InboundMessage, now: number): Promise<InboundOutcome> {
    // The version current now answers this message, even if another is made live while it runs.
    const live = holder.current();
    const user = await store.getUser(message.from);
    // An erased number that had opted out comes back opted out (its suppression record), whatever it texts first.
    const suppressed = user === null && store.personal ? await store.personal.suppression(message.from) : null;
    const action = keywordAction(message, { optedOut: user?.optedOut ?? suppressed !== null, help: options.help });
    const inboundLog: NewLogEntry = {
      direction: "in",
      sid: message.sid,
      userId: message.from,
      body: message.body,
      media: message.media,
      status: "received",
      errorCode: null,
      segments: null,
      encoding: null,
      priceEstimate: null,
      outboxId: null,
      createdAt: now,
      version: live.version,
    };
    const base: Changes = {
      at: now,
      seen: { userId: message.from },
      log: [inboundLog],
      ...(suppressed && { optOut: { userId: message.from, optedOut: true, reason: "suppression" } }),
    };
    // What answered the message goes on its log row, for bot insights (runtime/insights/).
    const keywordBase: Changes = { ...base, log: [{ ...inboundLog, match: matchWithoutEngine("keyword") }] };
    const commit = async (changes: Changes, outcome: InboundOutcome): Promise<InboundOutcome> => {
      if (await store.completeInbound(message.sid, changes)) return outcome;
      logger.warn(
        { event: "inbound.claim-lost", sid: message.sid },
        `inbound ${message.sid} was finished by another worker first (it took over this user's lock while this process seemed gone); this run's changes were dropped, so it is answered once`,
      );
      return "replayed";
    };

    switch (action.type) {
      case "opted-out":
        logger.info(
          { event: "optout", userId: message.from, keyword: action.keyword },
          `${message.from} opted out (${action.keyword}): pending messages and reminders canceled, nothing more is sent until START`,
        );
        return commit(
          { ...keywordBase, optOut: { userId: message.from, optedOut: true, reason: action.keyword, sid: message.sid }, ...handoffs.onStop(message.from) },
          "opted-out",
        );
      case "opted-in":
        logger.info({ event: "optin", userId: message.from }, `${message.from} opted back in (${action.keyword})`);
        return commit({ ...keywordBase, optOut: { userId: message.from, optedOut: false, reason: action.keyword, sid: message.sid } }, "opted-in");
      case "help":
        return commit(keywordBase, "help");
      case "ignored-opted-out":
        logger.info(
          { event: "inbound.opted-out", userId: message.from },
          `${message.from} is opted out: message recorded, the bot does not answer until they text START`,
        );
        return commit({ ...base, log: [{ ...inboundLog, match: matchWithoutEngine("opted-out") }] }, "ignored-opted-out");
      case "bot":
        break;
      default: {
        const _exhaustive: never = action;
        throw new Error(`unknown keyword action ${JSON.stringify(_exhaustive)}`);
      }
    }

    const aside = await handoffs.beforeEngine(message, now);
    if (aside) {
      const outcome = await commit({ ...base, log: [{ ...inboundLog, match: matchWithoutEngine("handed-off") }], ...aside.changes }, "handed-off");
      if (outcome === "handed-off") aside.committed();
      return outcome;
    }

    const { result, outcome } = await stepAndCommit(
      live,
      message.from,
      user,
      (state, stepEnv) => respond(live.brain, state, message, stepEnv),
      async ({ result, bot }) => {
        const effects = withVersion(effectsToChanges(result, now, logger), live.version);
        const outcome = await commit(
          {
            ...base,
            log: [{ ...inboundLog, match: matchOfStep(live.ir, result) }],
            ...effects,
            session: { userId: message.from, session: result.session },
            ...(bot && { bot }),
          },
          result.matched ? "answered" : "no-match",
        );
        return { result, outcome };
      },
    );
    if (outcome !== "replayed") handoffs.afterEngine(message.from, result);
    if (!result.matched)
      logger.info(
        { event: "inbound.no-match", userId: message.from },
        `no trigger matched "${message.body}" from ${message.from}: nothing sent. Add a catch-all trigger (+ *) to answer everything.`,
      );
    return outcome;
  }

  return {
    runInbound(row) {
      // A row stored by an older schema version may lack the optional fields.
      const message: InboundMessage = {
        ...row.message,
        media: row.message.media ?? [],
        mediaTypes: row.message.mediaTypes ?? [],
        facts: row.message.facts ?? {},
      };
      return handle(message, clock.now());
    },
    fireReminder(row) {
      return lock.run(row.userId, async () => {
        const name = row.name ?? "";
        const live = holder.current();
        const user = await store.getUser(row.userId);
        const now = clock.now();
        if (user?.optedOut) {
          await store.completeReminder(row.id, { at: now });
          return;
        }
        if (await handoffs.dropReminder(row, now)) return;
        const effects = await stepAndCommit(
          live,
          row.userId,
          user,
          (state, stepEnv) => fireReminder(live.brain, state, name, stepEnv),
          async ({ result, bot }) => {
            const effects = withVersion(effectsToChanges(result, now, logger), live.version);
            const done = await store.completeReminder(row.id, {
              at: now,
              ...effects,
              session: { userId: row.userId, session: result.session },
              ...(bot && { bot }),
            });
            return done ? effects : null;
          },
        );
        if (effects === null) {
          logger.warn(
            { event: "reminder.claim-lost", userId: row.userId, name },
            `reminder "${name}" for ${row.userId} was taken back by another process while it fired (this one seemed gone); this firing was dropped, so it fires once`,
          );
          return;
        }
        logger.info({ event: "reminder.fired", userId: row.userId, name, messages: effects.outbox?.length ?? 0 }, `reminder "${name}" fired for ${row.userId}`);
      });
    },
  };
}
