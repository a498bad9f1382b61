/** @module The broadcast contracts the store keeps: records, rendered recipients, leases, log queries, and the BroadcastStore every database implements. */
import type { ClaimDueOptions, ClaimedRows, OutboxRow, UserRecord } from "../index.ts";
import type { SenderType } from "../../../config/types.ts";

export type { SenderType };

/** `scheduled` waits for its start time, `running` is being released into the outbox, `done` and `canceled` are final. */
export type BroadcastState = "scheduled" | "running" | "done" | "canceled";

/** One message of one recipient, already rendered for that recipient. */
export interface RenderedPart {
  body: string;
  media: string[];
  /** After the recipient's first part (a `<delay>` in the body). */
  delayMs: number;
  cancelable: boolean;
}

/** What the body changed in the recipient's session (`{topic=…}`, `<set>`), applied when the recipient is released. */
export interface SessionPatch {
  topic?: string;
  /** A null value unsets the variable. */
  vars?: Record<string, string | null>;
}

export interface NewRecipient {
  userId: string;
  parts: RenderedPart[];
  patch: SessionPatch | null;
  segments: number;
  /** The quiet-hours window key (`21:00-08:00 America/Chicago`): released only while it is open. Absent: any time. */
  window?: string | null;
}

export interface NewBroadcast {
  body: string;
  filters: string[];
  /** Body and filters hashed: an unfinished broadcast with the same fingerprint is the same broadcast. */
  fingerprint: string;
  senderType: SenderType;
  /** Messages per second. */
  rate: number;
  startAt: number;
  optedOut: number;
  skipped: number;
  segments: number;
  costEstimate: number;
  origin: "cli" | "api";
}

export interface BroadcastRecord extends NewBroadcast {
  id: number;
  state: BroadcastState;
  recipients: number;
  runner: { pid: number; host: string; heartbeatAt: number } | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

/** Who is releasing a broadcast's recipients right now. */
export interface Lease {
  token: string;
  pid: number;
  host: string;
}

export type AcquireResult =
  | { type: "acquired"; broadcast: BroadcastRecord; tookOver: boolean }
  | { type: "busy"; broadcast: BroadcastRecord }
  | { type: "final"; broadcast: BroadcastRecord }
  | { type: "missing" };

export interface BroadcastProgress {
  id: number;
  state: BroadcastState;
  recipients: number;
  /** Recipients not yet handed to the outbox. */
  queued: number;
  released: number;
  /** Outbox rows: accepted by Twilio, waiting, failed, canceled (opted out meanwhile, or the broadcast canceled). */
  messages: number;
  accepted: number;
  waiting: number;
  delivered: number;
  undelivered: number;
  failed: number;
  canceled: number;
  /** Excluded at planning, plus recipients canceled because they opted out before their turn. */
  optedOut: number;
  skipped: number;
  /** Failed or undelivered messages by Twilio error code (`null` for failures without one). */
  errors: { code: number | null; count: number }[];
  firstSentAt: number | null;
  lastSentAt: number | null;
}

export interface ReleaseOptions {
  now: number;
  /** Outbox rows that may be added now. */
  budget: number;
  /** Spacing of due times, ms. */
  intervalMs: number;
  /** Quiet hours: only recipients without a window key or with one of these keys are released. Absent: all. */
  openWindows?: string[];
}

/** A search over the message log (`bot logs`, the dashboard, `GET /api/logs`). */
export interface LogQuery {
  userId?: string;
  since?: number;
  until?: number;
  status?: string;
  type?: LogType;
  text?: string;
  broadcastId?: number;
  limit?: number;
  /** Newest first when true (the dashboard); oldest first otherwise. */
  newestFirst?: boolean;
}

/** `inbound` from users; outbound: `broadcast` rows, `response` for everything the conversation sent (replies, delayed parts, fired reminders). */
export type LogType = "inbound" | "response" | "broadcast";

export interface LogRecord {
  id: number;
  at: number;
  userId: string;
  direction: "in" | "out";
  type: LogType;
  body: string;
  media: string[];
  sid: string | null;
  status: string | null;
  statusHistory: { status: string; at: number; errorCode: number | null }[];
  segments: number | null;
  encoding: string | null;
  errorCode: number | null;
  priceEstimate: number | null;
  broadcastId: number | null;
  /** The published bot version that answered or produced the message (docs/versions.md); null before versions and for broadcasts. */
  version?: number | null;
}

export interface UserQuery {
  search?: string;
  limit?: number;
  offset?: number;
}

/** Durable broadcast work, one implementation for SQLite and PostgreSQL (`runtime/store/broadcasts/`). */
export interface BroadcastStore {
  close(): Promise<void>;
  /** Every user the bot has talked to (the audience is chosen from them). */
  allUsers(): Promise<UserRecord[]>;
  listUsers(query: UserQuery): Promise<{ users: UserRecord[]; total: number }>;
  /**
   * In one transaction: the broadcast, one row per recipient (unique per broadcast and user) and, when
   * `lease` is given, the lease, so no other runner can start it first. Nothing is written when an
   * unfinished broadcast has the same fingerprint (the same body to the same audience): that one is returned.
   */
  create(
    input: NewBroadcast,
    recipients: NewRecipient[],
    now: number,
    lease: Lease | null,
  ): Promise<{ type: "created" | "duplicate"; broadcast: BroadcastRecord }>;
  get(id: number): Promise<BroadcastRecord | null>;
  list(): Promise<BroadcastRecord[]>;
  findUnfinished(fingerprint: string): Promise<BroadcastRecord | null>;
  /**
   * Takes the lease when it is free, stale (no heartbeat for `staleMs`) or held by a process that is gone: on
   * PostgreSQL its liveness lock, on SQLite what `isDead` says of its pid and host.
   */
  acquire(id: number, lease: Lease, now: number, staleMs: number, isDead: (pid: number, host: string) => boolean): Promise<AcquireResult>;
  heartbeat(id: number, token: string, now: number): Promise<boolean>;
  releaseLease(id: number, token: string): Promise<void>;
  /** Outbox rows of the broadcast not yet settled at Twilio, or accepted at or after `since` (the pacing window). */
  inFlight(id: number, since: number): Promise<number>;
  /**
   * Hands queued recipients to the outbox (kind `broadcast`) in one transaction per call, due times spaced
   * `intervalMs` apart from the broadcast's pacing cursor, applying each recipient's session patch. Recipients
   * who opted out meanwhile are canceled instead. Returns the outbox rows added.
   */
  release(id: number, token: string, options: ReleaseOptions): Promise<{ recipients: number; rows: number; optedOut: number }>;
  /** Rows of this broadcast left `sending` by a runner that died become `unknown`, checked at Twilio at `checkAt`. */
  recoverSending(id: number, now: number, checkAt: number): Promise<number>;
  claimDue(id: number, options: ClaimDueOptions): Promise<ClaimedRows>;
  claimUnknown(id: number, now: number, retryAt: number, limit: number): Promise<OutboxRow[]>;
  /** Accepted rows whose final status is not known yet (for a status sweep when no callbacks arrive). */
  unsettled(id: number, limit: number): Promise<OutboxRow[]>;
  /** Cancels queued recipients and pending outbox rows. False when the broadcast is already final. */
  cancel(id: number, now: number): Promise<boolean>;
  /** Queued recipients per quiet-hours window key (recipients without one are not listed). */
  queuedWindows(id: number): Promise<{ window: string; queued: number }[]>;
  /** Marks the broadcast `done` once nothing is queued and no row waits. */
  finishIfComplete(id: number, now: number): Promise<boolean>;
  progress(id: number): Promise<BroadcastProgress | null>;
  searchLogs(query: LogQuery): Promise<LogRecord[]>;
  /** Variable names ever set for any user (vars and namespace facts), for checking `--where`. */
  knownVariables(): Promise<Set<string>>;
}
