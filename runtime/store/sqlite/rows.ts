/** @module Maps SQLite rows (snake_case, JSON text, 0/1) to the Store's records and back. */
import type { MessageLogEntry, OutboxKind, OutboxRow, OutboxState, StatusEvent, UserRecord } from "../types.ts";
import type { Session } from "../../engine/types.ts";

export interface UserSqlRow {
  id: string;
  session: string | null;
  opted_out: number;
  opted_out_at: number | null;
  opt_out_reason: string | null;
  first_seen_at: number;
  last_seen_at: number;
}

export interface OutboxSqlRow {
  id: number;
  user_id: string;
  kind: string;
  name: string | null;
  body: string;
  media: string;
  due_at: number;
  seq: number;
  cancelable: number;
  state: string;
  attempts: number;
  next_attempt_at: number;
  sid: string | null;
  status: string | null;
  status_rank: number;
  error_code: number | null;
  error: string | null;
  sent_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface MessageSqlRow {
  id: number;
  direction: string;
  sid: string | null;
  user_id: string;
  body: string;
  media: string;
  status: string | null;
  status_rank: number;
  status_history: string;
  error_code: number | null;
  segments: number | null;
  encoding: string | null;
  price_estimate: number | null;
  outbox_id: number | null;
  created_at: number;
  updated_at: number;
}

export function toUser(row: UserSqlRow): UserRecord {
  return {
    id: row.id,
    session: row.session === null ? null : (JSON.parse(row.session) as Session),
    optedOut: row.opted_out === 1,
    optedOutAt: row.opted_out_at,
    optOutReason: row.opt_out_reason,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
  };
}

export function toOutbox(row: OutboxSqlRow): OutboxRow {
  return {
    id: row.id,
    userId: row.user_id,
    kind: row.kind as OutboxKind,
    name: row.name,
    body: row.body,
    media: JSON.parse(row.media) as string[],
    dueAt: row.due_at,
    seq: row.seq,
    cancelable: row.cancelable === 1,
    state: row.state as OutboxState,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    sid: row.sid,
    status: row.status,
    errorCode: row.error_code,
    error: row.error,
    sentAt: row.sent_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toMessage(row: MessageSqlRow): MessageLogEntry {
  return {
    id: row.id,
    direction: row.direction as "in" | "out",
    sid: row.sid,
    userId: row.user_id,
    body: row.body,
    media: JSON.parse(row.media) as string[],
    status: row.status,
    statusHistory: JSON.parse(row.status_history) as StatusEvent[],
    errorCode: row.error_code,
    segments: row.segments,
    encoding: row.encoding,
    priceEstimate: row.price_estimate,
    outboxId: row.outbox_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
