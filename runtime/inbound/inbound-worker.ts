/** @module The inbound worker: runs queued inbound rows per user, in arrival order, under the user's lock; any process's worker serves any user. */
import type { Logger } from "pino";
import type { QueuedInbound, Store } from "../store/index.ts";
import { isStoreRefusingWrites } from "../store/unavailable.ts";
import type { UserLock } from "../outbox/index.ts";
import type { Conversation, InboundOutcome } from "./conversation.ts";

export interface InboundWorker {
  /** A row was stored for this user (or, without one, anything may be waiting): serve soon. */
  kick(userId?: string): void;
  /** Polls for rows stored by other processes or left by a dead one. */
  start(): void;
  /** Stops polling and waits for the steps in progress. */
  stop(): Promise<void>;
  /** Runs until nothing queued is left that this process may run (tests, `bot run` shutdown). */
  drain(): Promise<void>;
}

export interface InboundWorkerOptions {
  store: Store;
  lock: UserLock;
  conversation: Conversation;
  logger: Logger;
  /** Called after a step queued outbound rows, so the dispatcher looks now. */
  onAnswered: () => void;
  /** How often to look for rows this process was not told about (default 250 ms). */
  pollMs?: number;
  /** Users served at once by this process (default 64): steps waiting on `$` calls hold no connection. */
  concurrency?: number;
  /**
   * A row whose step has begun this many times without finishing (it threw, or the process died during
   * it: runs are counted in the store before they start, across restarts) is answered with nothing and
   * marked done, so one bad message cannot block its user or keep the process down (default 5).
   */
  maxFailures?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createInboundWorker(options: InboundWorkerOptions): InboundWorker {
  const { store, lock, conversation, logger } = options;
  const concurrency = options.concurrency ?? 64;
  const maxFailures = options.maxFailures ?? 5;
  /** Per queued sid: its runs in this process that ended because the store refused writes (not counted as failures). */
  const refused = new Map<string, number>();
  /** Users being served here; `again` is set when a row arrives while their loop runs. */
  const active = new Map<string, { again: boolean; done: Promise<void> }>();
  const waiting = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let polling: Promise<void> | null = null;
  let stopped = false;

  function serve(userId: string): void {
    if (stopped) return;
    const current = active.get(userId);
    if (current) {
      current.again = true;
      return;
    }
    if (active.size >= concurrency) {
      waiting.add(userId);
      return;
    }
    const entry = { again: false, done: Promise.resolve() };
    active.set(userId, entry);
    entry.done = serveUser(userId, entry).finally(() => {
      active.delete(userId);
      const next = waiting.values().next();
      if (!next.done) {
        waiting.delete(next.value);
        serve(next.value);
      }
    });
  }

  async function serveUser(userId: string, entry: { again: boolean }): Promise<void> {
    do {
      entry.again = false;
      let outcome;
      try {
        outcome = await lock.tryRun(userId, () => runQueued(userId));
      } catch (error) {
        logger.error(
          { event: "inbound.worker-error", userId, err: error },
          `could not run queued messages of ${userId}: ${(error as Error).message}. They stay queued and run again shortly; if this repeats, check the database.`,
        );
        await sleep(options.pollMs ?? 250);
        return;
      }
      // Another process serves this user now; it runs what is queued, this one's poll looks again later.
      if (!outcome.ran) return;
    } while (entry.again && !stopped);
  }

  async function runQueued(userId: string): Promise<void> {
    while (!stopped) {
      const row = await store.nextInbound(userId);
      if (row === null) return;
      const { sid } = row.message;
      // Counted before the run: a run that takes the process down is counted too.
      const attempts = await store.startInbound(sid);
      if (attempts === 0) continue; // finished by another worker meanwhile
      // Runs this process saw end because the database refused writes are not the message's fault.
      if (attempts - (refused.get(sid) ?? 0) > maxFailures) {
        await drop(row, attempts - 1, "its earlier runs never finished: the process stopped during them (out of memory, killed, or crashed)");
        continue;
      }
      let outcome: InboundOutcome;
      try {
        outcome = await conversation.runInbound(row);
      } catch (error) {
        // The database being away (or SQLite's disk full) is nobody's fault: the row waits for it, however long.
        if (isStoreRefusingWrites(error)) {
          refused.set(sid, (refused.get(sid) ?? 0) + 1);
          throw error;
        }
        if (attempts - (refused.get(sid) ?? 0) < maxFailures) throw error;
        await drop(row, attempts, (error as Error).message, error);
        continue;
      }
      refused.delete(sid);
      logger.info({ event: "inbound", sid, from: userId, outcome }, `inbound ${sid} from ${userId}: ${outcome}`);
      if (outcome !== "replayed" && outcome !== "no-match" && outcome !== "ignored-opted-out") options.onAnswered();
    }
  }

  async function drop(row: QueuedInbound, runs: number, why: string, error?: unknown): Promise<void> {
    const { sid, from: userId } = row.message;
    await store.completeInbound(sid, { at: row.receivedAt, seen: { userId } });
    refused.delete(sid);
    logger.error(
      { event: "inbound.dropped", code: "RUN024", sid, from: userId, runs, ...(error !== undefined && { err: error }) },
      `RUN024 inbound ${sid} from ${userId} was run ${runs} times without finishing (${why}) and is marked done without an answer, so the user's later messages can run. Check the bot's trigger for this text, its macros and $ calls, and the lines above.`,
    );
  }

  async function poll(): Promise<void> {
    if (polling) return polling;
    polling = (async () => {
      try {
        for (const userId of await store.queuedUsers(concurrency * 2)) serve(userId);
      } catch (error) {
        logger.error(
          { event: "inbound.poll-error", err: error },
          `could not look for queued inbound messages: ${(error as Error).message}. Looking again shortly; if this repeats, check the database.`,
        );
      } finally {
        polling = null;
      }
    })();
    return polling;
  }

  return {
    kick(userId) {
      if (userId !== undefined) serve(userId);
      else void poll();
    },
    start() {
      stopped = false;
      timer = setInterval(() => void poll(), options.pollMs ?? 250);
      timer.unref();
      void poll();
    },
    async stop() {
      stopped = true;
      if (timer !== null) clearInterval(timer);
      timer = null;
      waiting.clear();
      await Promise.all([...active.values()].map((entry) => entry.done));
    },
    async drain() {
      for (let round = 0; round < 1000; round++) {
        await poll();
        if (active.size === 0 && waiting.size === 0) {
          if ((await store.queuedUsers(1)).length === 0) return;
          // Queued but served elsewhere (a peer holds the user): let it finish.
          await sleep(10);
          continue;
        }
        await Promise.all([...active.values()].map((entry) => entry.done));
      }
    },
  };
}
