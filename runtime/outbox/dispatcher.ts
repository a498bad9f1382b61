/** @module The dispatcher loop: claims due rows, sends them, fires reminders, reconciles unclear sends. Due times are rows, not timers. */
import type { OutboxRow } from "../store/index.ts";
import type { DispatcherSettings, OutboxContext } from "./context.ts";
import { DEFAULT_SETTINGS } from "./context.ts";
import { reconcileRow } from "./reconcile.ts";
import { sendRow } from "./send.ts";
import { backoffMs } from "./classify.ts";
import { persist } from "./persist.ts";
import { claimMetered } from "./metered.ts";
import type { SenderMeter } from "../sending/meter.ts";
import type { LoopGuard } from "../loop-guard/index.ts";
import { checkStatuses } from "./status-check.ts";

/** What the dispatcher shares with its parts, as given by the caller; missing settings take their defaults. */
export interface DispatcherOptions extends Pick<OutboxContext, "store" | "twilio" | "clock" | "logger" | "sender" | "publicUrl"> {
  /**
   * The bot folder the runtime serves media from. Given, a bot-folder media path that is missing or
   * leads out of the folder is dropped at send time (RUN012) instead of becoming a URL that answers 404.
   */
  root?: string | null;
  settings?: Partial<DispatcherSettings>;
  /** Fires a due reminder row (under the user's lock) and completes it with `store.completeReminder`. */
  fireReminder: (row: OutboxRow) => Promise<void>;
  random?: () => number;
  /** Poll interval of `start()`. */
  pollMs?: number;
  /**
   * The sender's meter (docs/sending.md): messages go only as fast as the sender sends, conversational rows
   * before broadcast rows, replies with a ValidityPeriod and expired when too late. Absent: unmetered.
   */
  meter?: SenderMeter | null;
  /** Stops sending to a user whose traffic looks like a loop (RUN017). */
  loopGuard?: LoopGuard | null;
}

export interface TickReport {
  sent: number;
  retried: number;
  unknown: number;
  failed: number;
  canceled: number;
  reminders: number;
  reconciled: number;
  resent: number;
  /** Replies not sent because their validity had passed. */
  expired: number;
  /** Messages whose status was asked of Twilio and came back settled (their callback never came). */
  statusesFetched: number;
}

export interface Dispatcher {
  /** One pass: reconcile due unknown rows, then send every row that may go now. Never runs twice at once. */
  tick(): Promise<TickReport>;
  /** Crash recovery: rows left `sending` become `unknown` (reminders: `pending`). Run once before `start`. */
  recover(): Promise<number>;
  /** Polls every `pollMs` (after `recover`). */
  start(): Promise<void>;
  /** Ask for a pass soon, e.g. after a webhook queued replies. */
  kick(): void;
  /** Stops polling and waits for the pass in progress. */
  stop(): Promise<void>;
}

const MAX_ROUNDS = 10;
/** Longer than any REST timeout or reminder step, so only orphaned rows are taken back. */
const STUCK_AFTER_MS = 10 * 60_000;

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  const ctx: OutboxContext = {
    store: options.store,
    twilio: options.twilio,
    clock: options.clock,
    logger: options.logger.child({ component: "dispatcher" }),
    sender: options.sender,
    publicUrl: options.publicUrl,
    root: options.root ?? null,
    settings,
    random: options.random ?? Math.random,
    meter: options.meter ?? null,
    loopGuard: options.loopGuard ?? null,
  };
  let current: Promise<TickReport> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let wake: NodeJS.Timeout | null = null;

  /** A metered sender has room again in `ms`: look exactly then rather than at a later poll, so its rate is used in full. */
  function wakeIn(ms: number): void {
    if (timer === null || wake !== null) return;
    wake = setTimeout(() => {
      wake = null;
      safeTick();
    }, ms);
    wake.unref();
  }

  async function pass(): Promise<TickReport> {
    const report: TickReport = {
      sent: 0,
      retried: 0,
      unknown: 0,
      failed: 0,
      canceled: 0,
      reminders: 0,
      reconciled: 0,
      resent: 0,
      expired: 0,
      statusesFetched: 0,
    };
    const now = ctx.clock.now();
    // Rows left `sending` by a process that is gone (PostgreSQL: its liveness lock is not held), or stuck
    // this long in a pass of a live one (e.g. a database write failed after the send). Looked up at Twilio
    // only once a request of their sender would surely have ended, so a live sender's answer wins.
    // No row of this dispatcher is in flight between passes, so one of its own still `sending` after a REST
    // timeout was claimed by a commit whose answer was lost (PostgreSQL restarted), or by this process's
    // broadcast sender, which is done with it by then.
    // A process known to be gone (PostgreSQL) has no request in flight: its connections closed when it
    // died, so its rows (and this process's own stale ones) are looked up after the reconcile delay alone.
    const settled = settings.sendTimeoutMs + settings.reconcileDelayMs;
    const stuck = await ctx.store.recoverInterrupted(now, now - STUCK_AFTER_MS, now + settled, now - settled, now + settings.reconcileDelayMs);
    if (stuck > 0)
      ctx.logger.warn(
        { event: "recover", count: stuck },
        `${stuck} message(s) were left mid-send by a runtime process that stopped (or by a pass stuck for over ${STUCK_AFTER_MS / 60_000} minutes); they are checked at Twilio before any resend`,
      );
    // One at a time, each claimed on its own for longer than its Twilio lookup can take: a slow batch never
    // lets a peer claim the rows still waiting, and two rows with the same body never adopt the same sid.
    for (let i = 0; i < settings.batchSize; i++) {
      const at = ctx.clock.now();
      const claim = at + settings.sendTimeoutMs + settings.reconcileDelayMs;
      const [row] = await ctx.store.claimUnknown(at, claim, 1);
      if (row === undefined) break;
      const outcome = await reconcileRow(ctx, row, claim);
      if (outcome === "found") report.reconciled++;
      if (outcome === "resend") report.resent++;
      if (outcome === "failed") report.failed++;
    }
    // A status that settles here releases the user's next part in the rounds below.
    report.statusesFetched = await checkStatuses(ctx);
    // Rounds let a backlog drain and let a resent row go in the same pass.
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const claimed = ctx.meter
        ? await claimMetered(ctx, ctx.meter)
        : await ctx.store
            .claimDue({ now: ctx.clock.now(), ordering: settings.ordering, strictWaitMs: settings.strictWaitMs, limit: settings.batchSize })
            .then(({ rows, canceled }) => ({
              rows: rows.map((row) => (row.kind === "reminder" ? { type: "reminder" as const, row } : { type: "send" as const, row, validityPeriod: null })),
              canceled,
              expired: 0,
              waitMs: null,
            }));
      for (const row of claimed.canceled) {
        report.canceled++;
        ctx.logger.info(
          { event: "send.canceled", outboxId: row.id, to: row.userId },
          `${row.kind} ${row.id} to ${row.userId} not sent: the user has opted out`,
        );
      }
      report.expired += claimed.expired;
      if (claimed.waitMs !== null) wakeIn(claimed.waitMs);
      if (claimed.rows.length === 0) {
        if (claimed.canceled.length === 0 && claimed.expired === 0) break;
        continue;
      }
      await Promise.all(
        claimed.rows.map(async (claim) => {
          if (claim.type === "reminder") {
            if (await fire(claim.row)) report.reminders++;
            return;
          }
          const outcome = await sendRow(ctx, claim.row, { validityPeriod: claim.validityPeriod });
          if (outcome === "sent") report.sent++;
          else if (outcome === "retry") report.retried++;
          else if (outcome === "unknown") report.unknown++;
          else if (outcome === "canceled") report.canceled++;
          else report.failed++;
        }),
      );
      // The meter has no room now: the next look is when it will (wakeIn), not another round at once.
      if (claimed.waitMs !== null) break;
    }
    return report;
  }

  async function fire(row: OutboxRow): Promise<boolean> {
    try {
      await options.fireReminder(row);
      return true;
    } catch (error) {
      const now = ctx.clock.now();
      const reason = (error as Error).message ?? String(error);
      if (row.attempts >= settings.maxAttempts) {
        await ctx.store.markFailed(row.id, { at: now, error: reason, errorCode: null, log: null, from: "sending" });
        ctx.logger.error(
          { event: "reminder.failed", outboxId: row.id, to: row.userId, err: error },
          `reminder "${row.name}" for ${row.userId} failed ${row.attempts} times and is dropped: ${reason}. Check the bot's reminder text and the log lines above.`,
        );
      } else {
        const wait = backoffMs(row.attempts, ctx.random, settings.backoffBaseMs, settings.backoffCapMs);
        await persist(ctx, `the retry of reminder ${row.id}`, () =>
          ctx.store.markRetry(row.id, { at: now, nextAttemptAt: now + wait, error: reason, errorCode: null, from: "sending" }),
        );
        ctx.logger.error(
          { event: "reminder.retry", outboxId: row.id, to: row.userId, err: error },
          `reminder "${row.name}" for ${row.userId} could not fire (${reason}); retrying in ${wait} ms`,
        );
      }
      return false;
    }
  }

  async function tick(): Promise<TickReport> {
    if (current) {
      // A pass is running: run one more right after it, so nothing queued meanwhile waits for the next poll.
      again = true;
      return current;
    }
    current = (async () => {
      try {
        let report = await pass();
        while (again) {
          again = false;
          report = await pass();
        }
        return report;
      } finally {
        current = null;
      }
    })();
    return current;
  }

  const safeTick = () => {
    tick().catch((error: unknown) => {
      ctx.logger.error(
        { event: "dispatcher.error", err: error },
        `dispatcher pass failed: ${(error as Error).message}. Rows stay in the database and are retried on the next pass; if this repeats, check the database file (permissions, disk space).`,
      );
    });
  };

  async function recover(): Promise<number> {
    const now = ctx.clock.now();
    // Another process on the same database (a `bot broadcast` run) may be mid-request on one of these rows:
    // look them up only after its REST call has surely ended, so a row it is sending is not sent twice.
    const count = await ctx.store.recoverInterrupted(now, undefined, now + ctx.settings.sendTimeoutMs + ctx.settings.reconcileDelayMs);
    if (count > 0)
      ctx.logger.warn(
        { event: "recover", count },
        `${count} message(s) were being sent when the runtime stopped; they are checked at Twilio before any resend`,
      );
    return count;
  }

  return {
    tick,
    recover,
    async start() {
      await recover();
      timer = setInterval(safeTick, options.pollMs ?? 250);
      timer.unref();
      safeTick();
    },
    kick() {
      if (timer !== null) setImmediate(safeTick);
    },
    async stop() {
      if (timer !== null) clearInterval(timer);
      if (wake !== null) clearTimeout(wake);
      timer = null;
      wake = null;
      await current?.catch(() => undefined);
    },
  };
}
