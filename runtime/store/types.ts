/** @module The Store contract: every durable fact of the runtime behind async methods, so SQLite and PostgreSQL can both implement it. */
import type { BotState, Session } from "../../engine/types.ts";
import type { BotChanges } from "./bot-writes.ts";
import type { MeterStore } from "./sender-meter.ts";
import type { LoopGuardStore } from "./loop-guard.ts";
import type { HandoffChange, HandoffStore } from "./handoffs/types.ts";
import type { GaugeStore } from "./gauges/types.ts";
import type { PersonalStore } from "./personal/types.ts";
import type { OverviewStore } from "./overview/types.ts";
import type { MessageMatch } from "./insights/types.ts";

export type OutboxKind = "reply" | "reminder" | "broadcast";
/**
 * `pending` waits for its due time; `sending` is claimed by a dispatcher; `sent` was accepted by Twilio
 * (or, for a reminder row, fired); `unknown` may or may not have reached Twilio and must be reconciled
 * before any resend; `failed`, `canceled` and `expired` (a reply whose validity passed before it could be
 * sent, docs/sending.md) are final.
 */
export type OutboxState = "pending" | "sending" | "sent" | "failed" | "canceled" | "unknown" | "expired";
export type Ordering = "strict" | "relaxed";

/** What the webhook stores of an inbound message: everything the step needs to run it later. */
export interface QueuedMessage {
  sid: string;
  from: string;
  body: string;
  media: string[];
  mediaTypes: string[];
  facts?: Record<string, string>;
  /** Twilio's `OptOutType` (Advanced Opt-Out). */
  optOutType?: string;
}

export interface QueuedInbound {
  /** Arrival order across every process. */
  seq: number;
  message: QueuedMessage;
  receivedAt: number;
}

export interface UserRecord {
  /** E.164 phone number. */
  id: string;
  /** The engine's session; null until the engine has run for this user. */
  session: Session | null;
  optedOut: boolean;
  optedOutAt: number | null;
  /** Why the state last changed: the keyword (`STOP`, `START`) or `twilio 21610`. */
  optOutReason: string | null;
  firstSeenAt: number;
  lastSeenAt: number;
}

export interface OutboxRow {
  id: number;
  userId: string;
  kind: OutboxKind;
  /** Reminder rows are timers: `name` is the reminder to fire, `body` is empty. Null for messages. */
  name: string | null;
  body: string;
  /** Absolute URLs or paths relative to the bot folder. */
  media: string[];
  dueAt: number;
  seq: number;
  cancelable: boolean;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  sid: string | null;
  /** Twilio's delivery status (`queued`, `sent`, `delivered` …), never moved backwards. */
  status: string | null;
  errorCode: number | null;
  error: string | null;
  /** When Twilio accepted the message. */
  sentAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface NewOutboxRow {
  userId: string;
  kind: OutboxKind;
  name?: string | null;
  body: string;
  media: string[];
  dueAt: number;
  seq: number;
  cancelable: boolean;
  /** The published bot version whose step produced it; outbound log entries take it from here. */
  version?: number | null;
}

/** The state a transition leaves; with `claim`, also the reconcile claim (`next_attempt_at`) it was taken under. */
export interface Transition {
  from: "sending" | "unknown";
  claim?: number;
}

export interface StatusEvent {
  status: string;
  at: number;
  errorCode: number | null;
}

export interface MessageLogEntry {
  id: number;
  direction: "in" | "out";
  sid: string | null;
  userId: string;
  body: string;
  media: string[];
  status: string | null;
  statusHistory: StatusEvent[];
  errorCode: number | null;
  segments: number | null;
  encoding: string | null;
  /** USD, from the configured per-segment / per-MMS price. */
  priceEstimate: number | null;
  outboxId: number | null;
  createdAt: number;
  updatedAt: number;
  /** The published bot version that answered (inbound) or produced (outbound) it; null before versions or for broadcasts (docs/versions.md). */
  version?: number | null;
}

export type NewLogEntry = Omit<MessageLogEntry, "id" | "statusHistory" | "updatedAt"> & {
  /** Inbound only: why the message was answered, recorded for bot insights (runtime/store/insights/). */
  match?: MessageMatch;
};

/** Everything one step changes, written in one transaction. */
export interface Changes {
  /** When the step happened (the injected clock); stamps every row written. */
  at: number;
  /** Upserts the user, setting first/last seen. */
  seen?: { userId: string };
  session?: { userId: string; session: Session };
  /** Bot variables the step changed, applied to the stored state (and checked against it) in the transaction. */
  bot?: BotChanges;
  /** `sid`: the message that caused it (the STOP/START text, or the message Twilio refused with 21610), for the consent ledger. */
  optOut?: { userId: string; optedOut: boolean; reason: string; sid?: string | null };
  /** Cancels the user's pending cancelable message rows due after `after` (the delayed parts). */
  cancelDelayed?: { userId: string; after: number };
  /** Cancels the user's pending reminder rows with these names. */
  cancelReminders?: { userId: string; name: string }[];
  /** New rows; a new reminder row replaces the user's pending one of the same name. */
  outbox?: NewOutboxRow[];
  log?: NewLogEntry[];
  /** Human takeover (docs/handoff.md): opened, counted or closed with the step, before its outbox rows. */
  handoff?: HandoffChange[];
}

export interface ClaimDueOptions {
  now: number;
  ordering: Ordering;
  /** Strict ordering: how long an accepted message without a `sent`/`delivered` callback holds back the next one. */
  strictWaitMs: number;
  limit: number;
  /** Only rows of these kinds (the sender meter may have room for replies but not for broadcasts); absent: all. */
  kinds?: readonly OutboxKind[];
}

export interface StatusCheckOptions {
  now: number;
  sentBefore: number;
  strictWaitMs: number;
  retryAt: number;
  limit: number;
}

export interface ClaimedRows {
  /** Now `sending` (attempts already counted). */
  rows: OutboxRow[];
  /** Due rows of opted-out users, canceled instead of claimed. */
  canceled: OutboxRow[];
}

export interface SentUpdate {
  at: number;
  sid: string;
  status: string;
  log: NewLogEntry;
}

export interface StatusResult {
  /** False when no outbound message has this sid. */
  found: boolean;
  /** True when the status moved forward (a late `sent` after `delivered` does not). */
  advanced: boolean;
  userId: string | null;
  /** The status now stored. */
  status: string | null;
}

export interface Store {
  readonly kind: "sqlite" | "postgres";
  /** The loop guard's holds and counts, over this store's tables (absent in test doubles: no guard). */
  readonly loopGuard?: LoopGuardStore;
  /** Human takeover's handoffs over this store's connection (absent in test doubles: no handoffs). */
  readonly handoffs?: HandoffStore;
  /** Queue depths and pool use for `/metrics`, read at scrape time (absent in test doubles: those gauges are left out). */
  readonly gauges?: GaugeStore;
  /** A user's export and erasure, the consent ledger and suppression records (absent in test doubles). */
  readonly personal?: PersonalStore;
  /** The dashboard overview's counts over a time window (absent in test doubles: the overview then shows none). */
  readonly overview?: OverviewStore;
  /** Whether the store can write right now (a real probe write), for `/readyz`; absent: a read stands in. */
  ready?(): Promise<{ ok: true } | { ok: false; reason: string }>;
  close(): Promise<void>;

  // --- the inbound queue ----------------------------------------------------
  /**
   * Stores an accepted webhook as a `queued` row, durably, before Twilio is answered. False (nothing
   * written) when its `MessageSid` is already stored: Twilio's retry of a message it delivered before.
   */
  enqueueInbound(message: QueuedMessage, receivedAt: number): Promise<boolean>;
  /** Users with queued rows, the one waiting longest first. */
  queuedUsers(limit: number): Promise<string[]>;
  /** The user's oldest queued row (arrival order), or null. */
  nextInbound(userId: string): Promise<QueuedInbound | null>;
  /**
   * Counts a run of a queued row, committed before the run starts, so a run that kills the process is
   * counted too: the runs begun so far, this one included (0 when the row is not queued).
   */
  startInbound(sid: string): Promise<number>;
  /**
   * In one transaction: marks the row `done` and applies the step's changes. False (nothing written)
   * when the row is no longer queued: another worker finished it first (after taking over a lock it
   * thought dead), so this run's result is dropped and the message is still answered exactly once.
   */
  completeInbound(sid: string, changes: Changes): Promise<boolean>;
  isInboundDone(sid: string): Promise<boolean>;

  // --- users and bot state ---------------------------------------------------
  getUser(userId: string): Promise<UserRecord | null>;
  getBotState(): Promise<BotState | null>;
  /** Applies changes in one transaction, outside any inbound claim (status callbacks, 21610, broadcasts). */
  apply(changes: Changes): Promise<void>;

  // --- outbox ----------------------------------------------------------------
  /** Atomically moves due rows `pending` → `sending`, honouring ordering and opt-out. */
  claimDue(options: ClaimDueOptions): Promise<ClaimedRows>;
  /**
   * `unknown` rows whose reconcile time has come; pushes their next check to `retryAt`, which is then the
   * claim: the caller passes it back as `claim` so a peer that re-claimed the row after it ran out wins.
   * `retryAt` must lie past the time reconciling them can take (one Twilio lookup per row).
   */
  claimUnknown(now: number, retryAt: number, limit: number): Promise<OutboxRow[]>;
  /**
   * After a crash: rows left `sending` become `unknown`, since they may have reached Twilio; reminder
   * rows become `pending` again. With `staleBefore`, only rows claimed at or before it (a pass that
   * died mid-send while the process lives on) or by a process that is gone. `reconcileAt` (default `now`)
   * is when they are first looked up at Twilio. With `ownStaleBefore` (PostgreSQL), also this process's
   * own rows claimed at or before it: a claim whose commit went through while its acknowledgement was lost
   * (the database restarted) is otherwise `sending` with a live owner that does not know it. With `goneAt`
   * (PostgreSQL), rows of a process known to be gone, and this process's own stale ones, are looked up
   * then instead: a dead process's requests ended with its connections. A peer counts as gone only when
   * neither this process nor the server lost the liveness locks in the last seconds; until then its rows
   * are left alone (every peer is re-taking its lock and settles its own rows). Returns how many.
   */
  recoverInterrupted(now: number, staleBefore?: number, reconcileAt?: number, ownStaleBefore?: number, goneAt?: number): Promise<number>;
  /**
   * Accepted messages whose `sent`/`delivered` status has not arrived (status rank below `sent`) while a
   * due part of the same user waits behind them: sent at or before `sentBefore`, within the last
   * `strictWaitMs`, and not checked since. Pushes each one's next check to `retryAt` (a claim: processes
   * sharing the database never check one row at once). The dispatcher asks Twilio for their status, since
   * a callback may have gone to a process that died or been refused while the database was away.
   * Absent on a store view that sends no replies (a broadcast's).
   */
  claimStatusChecks?(options: StatusCheckOptions): Promise<OutboxRow[]>;
  /**
   * Every transition below is conditional on the state the row leaves (`UPDATE … WHERE state = …`) and
   * returns false, changing nothing, when the row is no longer there: a peer moved it first.
   *
   * `sending`/`unknown` → `sent`: a sid Twilio gave for this row always wins, even after a peer marked it unknown.
   */
  markSent(id: number, update: SentUpdate): Promise<boolean>;
  /** Back to `pending` for another attempt at `nextAttemptAt` (the request surely did not reach Twilio). */
  markRetry(id: number, update: { at: number; nextAttemptAt: number; error: string; errorCode: number | null } & Transition): Promise<boolean>;
  /** `sending` → `unknown`. */
  markUnknown(id: number, update: { at: number; nextAttemptAt: number; error: string }): Promise<boolean>;
  markFailed(id: number, update: { at: number; error: string; errorCode: number | null; log: NewLogEntry | null } & Transition): Promise<boolean>;
  /**
   * `sending` → `canceled` when the user is opted out now: checked right before the request to Twilio, after
   * any STOP that committed since the row was claimed.
   */
  cancelIfOptedOut(id: number, at: number): Promise<boolean>;
  /**
   * `sending` → `pending` without counting the attempt: the row was claimed but its sender's meter had no room
   * (or Twilio pushed back), so it goes again at `nextAttemptAt` and its attempts stay as they were.
   */
  releaseClaim(id: number, update: { at: number; nextAttemptAt: number; error: string | null; errorCode: number | null }): Promise<boolean>;
  /** `sending` → `expired`: a reply whose validity passed before it could be sent is dropped, not sent late. */
  markExpired(id: number, update: { at: number; error: string; log: NewLogEntry | null }): Promise<boolean>;
  /** Sender meter rows, shared by every process on this database (docs/sending.md). */
  readonly senderMeter?: MeterStore;
  /** A reminder row fired: in one transaction it becomes `sent` and the firing's changes are applied; false (nothing written) when it was no longer `sending`. */
  completeReminder(id: number, changes: Changes): Promise<boolean>;
  /**
   * Applies a status callback to the outbound row and log; never moves a status backwards. A callback
   * for a sid not recorded yet (it can beat the create response) is kept and applied by `markSent`.
   */
  recordStatus(sid: string, event: StatusEvent): Promise<StatusResult>;

  // --- reading ---------------------------------------------------------------
  getOutbox(id: number): Promise<OutboxRow | null>;
  listOutbox(filter?: { userId?: string; state?: OutboxState }): Promise<OutboxRow[]>;
  listMessages(filter?: { userId?: string; direction?: "in" | "out"; limit?: number }): Promise<MessageLogEntry[]>;
  /** Which of these sids are recorded on an outbox row other than `exceptId` (reconcile must not adopt another row's message). */
  knownSids(sids: string[], exceptId?: number): Promise<Set<string>>;
}

/** Opening or writing the database failed; the message says what to do. */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly code: "readonly" | "open" | "migration" | "newer-schema" | "write",
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = "StoreError";
  }
}
