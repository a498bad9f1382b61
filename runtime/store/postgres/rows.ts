/** @module Maps PostgreSQL rows (snake_case, jsonb already parsed, bigint as number) to the Store's records. */
import type { MessageLogEntry, OutboxKind, OutboxRow, OutboxState, StatusEvent, UserRecord } from "../types.ts";
import type { Session } from "../../engine/types.ts";

export interface UserPgRow {
  id: string;
  session: Session | null;
  opted_out: boolean;
  opted_out_at: number | null;
  opt_out_reason: string | null;
  first_seen_at: number;
  last_seen_at: number;
}

export interface OutboxPgRow {
  id: number;
  user_id: string;
  kind: string;
  name: string | null;
  body: string;
  media: string[];
  due_at: number;
  seq: number;
  cancelable: boolean;
  state: string;
  attempts: number;
  next_attempt_at: number;
  claimed_by: number | null;
  sid: string | null;
  status: string | null;
  status_rank: number;
  error_code: number | null;
  error: string | null;
  sent_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface MessagePgRow {
  id: number;
  direction: string;
  sid: string | null;
  user_id: string;
  body: string;
  media: string[];
  status: string | null;
  status_rank: number;
  status_history: StatusEvent[];
  error_code: number | null;
  segments: number | null;
  encoding: string | null;
  price_estimate: number | null;
  outbox_id: number | null;
  created_at: number;
  updated_at: number;
}

export function toUser(row: UserPgRow): UserRecord {
  return {
    id: row.id,
    session: row.session,
    optedOut: row.opted_out,
    optedOutAt: row.opted_out_at,
    optOutReason: row.opt_out_reason,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
  };
}

export function toOutbox(row: OutboxPgRow): OutboxRow {
  return {
    id: row.id,
    userId: row.user_id,
    kind: row.kind as OutboxKind,
    name: row.name,
    body: row.body,
    media: row.media,
    dueAt: row.due_at,
    seq: row.seq,
    cancelable: row.cancelable,
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

export function toMessage(row: MessagePgRow): MessageLogEntry {
  return {
    id: row.id,
    direction: row.direction as "in" | "out",
    sid: row.sid,
    userId: row.user_id,
    body: row.body,
    media: row.media,
    status: row.status,
    statusHistory: row.status_history,
    errorCode: row.error_code,
    segments: row.segments,
    encoding: row.encoding,
    priceEstimate: row.price_estimate,
    outboxId: row.outbox_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
