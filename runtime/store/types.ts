/** @module The Store contract: every durable fact of the runtime behind async methods, so SQLite and PostgreSQL can both implement it. */
import type { BotState, Session } from "../engine/types.ts";
import type { BotChanges } from "./bot-writes.ts";

export type OutboxKind = "reply" | "reminder" | "broadcast";
/**
 * `pending` waits for its due time; `sending` is claimed by a dispatcher; `sent` was accepted by Twilio
 * (or, for a reminder row, fired); `unknown` may or may not have reached Twilio and must be reconciled
 * before any resend; `failed` and `canceled` are final.
 */
export type OutboxState = "pending" | "sending" | "sent" | "failed" | "canceled" | "unknown";
export type Ordering = "strict" | "relaxed";

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
}

export type NewLogEntry = Omit<MessageLogEntry, "id" | "statusHistory" | "updatedAt">;

/** Everything one step changes, written in one transaction. */
export interface Changes {
  /** When the step happened (the injected clock); stamps every row written. */
  at: number;
  /** Upserts the user, setting first/last seen. */
  seen?: { userId: string };
  session?: { userId: string; session: Session };
  /** Bot variables the step changed, applied to the stored state (and checked against it) in the transaction. */
  bot?: BotChanges;
  optOut?: { userId: string; optedOut: boolean; reason: string };
  /** Cancels the user's pending cancelable message rows due after `after` (the delayed parts). */
  cancelDelayed?: { userId: string; after: number };
  /** Cancels the user's pending reminder rows with these names. */
  cancelReminders?: { userId: string; name: string }[];
  /** New rows; a new reminder row replaces the user's pending one of the same name. */
  outbox?: NewOutboxRow[];
  log?: NewLogEntry[];
}

export interface ClaimDueOptions {
  now: number;
  ordering: Ordering;
  /** Strict ordering: how long an accepted message without a `sent`/`delivered` callback holds back the next one. */
  strictWaitMs: number;
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
  close(): Promise<void>;

  // --- inbound idempotency ---------------------------------------------------
  /**
   * Claims an inbound `MessageSid` atomically. Returns a token, or null when the sid is already
   * processed or claimed by a live worker. A claim older than `leaseMs` that never committed (its
   * worker died) can be taken over, so a retried webhook is not lost.
   */
  claimInbound(sid: string, userId: string, now: number, leaseMs: number): Promise<string | null>;
  /** In one transaction: marks the claim done and applies the changes. False (nothing written) when the claim was lost. */
  commitInbound(sid: string, token: string, changes: Changes): Promise<boolean>;
  /** Drops a claim that wrote nothing, so Twilio's retry can run it. */
  releaseInbound(sid: string, token: string): Promise<void>;
  isInboundDone(sid: string): Promise<boolean>;

  // --- users and bot state ---------------------------------------------------
  getUser(userId: string): Promise<UserRecord | null>;
  getBotState(): Promise<BotState | null>;
  /** Applies changes in one transaction, outside any inbound claim (status callbacks, 21610, broadcasts). */
  apply(changes: Changes): Promise<void>;

  // --- outbox ----------------------------------------------------------------
  /** Atomically moves due rows `pending` → `sending`, honouring ordering and opt-out. */
  claimDue(options: ClaimDueOptions): Promise<ClaimedRows>;
  /** `unknown` rows whose reconcile time has come; pushes their next check to `retryAt` so one worker takes each. */
  claimUnknown(now: number, retryAt: number, limit: number): Promise<OutboxRow[]>;
  /**
   * After a crash: rows left `sending` become `unknown`, since they may have reached Twilio; reminder
   * rows become `pending` again. With `staleBefore`, only rows claimed at or before it (a pass that
   * died mid-send while the process lives on). `reconcileAt` (default `now`) is when they are first looked
   * up at Twilio. Returns how many.
   */
  recoverInterrupted(now: number, staleBefore?: number, reconcileAt?: number): Promise<number>;
  markSent(id: number, update: SentUpdate): Promise<void>;
  /** Back to `pending` for another attempt at `nextAttemptAt` (the request surely did not reach Twilio). */
  markRetry(id: number, update: { at: number; nextAttemptAt: number; error: string; errorCode: number | null }): Promise<void>;
  markUnknown(id: number, update: { at: number; nextAttemptAt: number; error: string }): Promise<void>;
  markFailed(id: number, update: { at: number; error: string; errorCode: number | null; log: NewLogEntry | null }): Promise<void>;
  /** A reminder row fired: in one transaction it becomes `sent` and the firing's changes are applied. */
  completeReminder(id: number, changes: Changes): Promise<void>;
  /**
   * Applies a status callback to the outbound row and log; never moves a status backwards. A callback
   * for a sid not recorded yet (it can beat the create response) is kept and applied by `markSent`.
   */
  recordStatus(sid: string, event: StatusEvent): Promise<StatusResult>;

  // --- reading ---------------------------------------------------------------
  getOutbox(id: number): Promise<OutboxRow | null>;
  listOutbox(filter?: { userId?: string; state?: OutboxState }): Promise<OutboxRow[]>;
  listMessages(filter?: { userId?: string; direction?: "in" | "out"; limit?: number }): Promise<MessageLogEntry[]>;
  /** Which of these sids are already recorded on some outbox row (reconcile must not adopt them twice). */
  knownSids(sids: string[]): Promise<Set<string>>;
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
