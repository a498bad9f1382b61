/** @module The HandoffStore's records and contract: human takeover (docs/handoff.md), once for SQLite and PostgreSQL. */

/** `waiting` (opened, no operator yet) → `active` (an operator took it or replied) → `closed`. */
export type HandoffState = "waiting" | "active" | "closed";
/** Who opened it: the bot's `^notifyAgent(reason)`, an operator's take over, or the user's configured keyword. */
export type HandoffOpener = "bot" | "operator" | "keyword";
/** Who closed it: an operator, the user's STOP, the user's return keyword, or the idle timer. */
export type HandoffCloser = "operator" | "stop" | "keyword" | "idle";

export interface HandoffRecord {
  id: number;
  userId: string;
  state: HandoffState;
  reason: string | null;
  openedBy: HandoffOpener;
  openedAt: number;
  assignee: string | null;
  lastUserAt: number | null;
  lastAgentAt: number | null;
  userMessages: number;
  agentMessages: number;
  /** The topic the bot resumes in; null: the bot's configured `handoff.returnTopic`. */
  returnTopic: string | null;
  closedAt: number | null;
  closedBy: HandoffCloser | null;
  updatedAt: number;
}

/** One message of a user's log, with who wrote it: the user, the bot (replies, reminders, broadcasts) or an operator. */
export interface HandoffMessage {
  id: number;
  at: number;
  direction: "in" | "out";
  origin: "user" | "bot" | "agent";
  /** The operator's name, for `origin: agent`. */
  agent: string | null;
  body: string;
  media: string[];
  status: string | null;
  outboxId: number | null;
}

/** A handoff change written inside an inbound step's transaction (runtime/store/core/changes.ts). */
export type HandoffChange =
  | { type: "open"; userId: string; reason: string | null; openedBy: HandoffOpener; returnTopic: string | null }
  /** The user wrote while the handoff is open: counted, and the time kept for the inbox and the idle timer. */
  | { type: "user-message"; userId: string }
  | { type: "close"; userId: string; by: HandoffCloser; returnTopic: string | null };

export interface OpenInput {
  userId: string;
  at: number;
  reason: string | null;
  openedBy: HandoffOpener;
  /** An operator's take over assigns it at once (state `active`). */
  assignee: string | null;
  returnTopic: string | null;
}

export type OpenResult = { type: "opened" | "already-open"; handoff: HandoffRecord } | { type: "unknown-user" };

export interface ReplyInput {
  userId: string;
  at: number;
  body: string;
  media: string[];
  agent: string;
}

export type ReplyResult =
  | { type: "queued"; outboxId: number; handoff: HandoffRecord }
  | { type: "unknown-user" }
  | { type: "not-open"; handoff: HandoffRecord | null }
  | { type: "opted-out"; handoff: HandoffRecord };

export interface CloseInput {
  userId: string;
  at: number;
  by: HandoffCloser;
  /** The topic the bot resumes in (already resolved by the caller: the operator's, else the config's, else `default`). */
  returnTopic: string;
  /** A closing message sent through the outbox before the bot takes over again (not to an opted-out user). */
  message?: { body: string; agent: string } | null;
}

export type CloseResult =
  { type: "closed"; handoff: HandoffRecord; outboxId: number | null } | { type: "unknown-user" } | { type: "not-open"; handoff: HandoffRecord | null };

export interface IdleOptions {
  now: number;
  /** A handoff without an agent message for this long (since opened when none) closes. */
  idleMs: number;
  /** Sent when no agent ever answered; null: nothing is sent. */
  unavailableText: string | null;
  returnTopic: string;
  limit: number;
}

export interface HandoffStore {
  /** The user's open (waiting or active) handoff, or null. */
  current(userId: string): Promise<HandoffRecord | null>;
  /** The user's most recent handoff, open or closed, or null. */
  latest(userId: string): Promise<HandoffRecord | null>;
  /** Handoffs in a state (all open ones when absent), oldest opened first. */
  list(filter?: { state?: HandoffState; limit?: number }): Promise<HandoffRecord[]>;
  /** Handoffs changed after `since` (the inbox's live updates poll it, so a change made by any process shows). */
  changedSince(since: number, limit?: number): Promise<HandoffRecord[]>;
  /** Opens one, idempotently per user; cancels the user's pending delayed parts and parks the session in topic `human`. */
  open(input: OpenInput): Promise<OpenResult>;
  /** `waiting` → `active` with this assignee (a take over of a handoff the bot opened). */
  assign(userId: string, assignee: string, at: number): Promise<HandoffRecord | null>;
  /** An operator's message: one outbox row (a non-cancelable reply) linked to the handoff and the operator, in one transaction. */
  reply(input: ReplyInput): Promise<ReplyResult>;
  /** Closes the open handoff, sets the session's topic to the return topic, and queues the closing message. */
  close(input: CloseInput): Promise<CloseResult>;
  /** Closes handoffs idle past `idleMs`, each at most once across processes; the unavailable text goes to those no agent answered. */
  closeIdle(options: IdleOptions): Promise<{ handoff: HandoffRecord; outboxId: number | null }[]>;
  /** The user's message log with each message's origin, oldest first (the last `limit`). */
  messages(userId: string, limit?: number): Promise<HandoffMessage[]>;
  /** A reminder row that came due while its user was handed off: `sending` → `canceled`, and it leaves the session's pending reminders. */
  dropReminder(outboxId: number, userId: string, name: string, at: number): Promise<boolean>;
}
