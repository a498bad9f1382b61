/**
 * @module The Store's records from table rows, shared by SQLite and PostgreSQL (same tables, same column names).
 * Only the columns the two databases hand back differently (JSON as text or parsed jsonb, flags as 0/1 or
 * boolean) are left out of the row types here; each driver decodes those and passes them in.
 */
import type { Session } from "../../engine/types.ts";
import { flag, json } from "./sql/script.ts";
import type { MessageLogEntry, OutboxKind, OutboxRow, OutboxState, StatusEvent, UserRecord } from "./types.ts";

/** `users` columns read the same way by both drivers. */
export interface UserColumns {
  id: string;
  opted_out_at: number | null;
  opt_out_reason: string | null;
  first_seen_at: number;
  last_seen_at: number;
}

/** `outbox` columns read the same way by both drivers. */
export interface OutboxColumns {
  id: number;
  user_id: string;
  kind: string;
  name: string | null;
  body: string;
  due_at: number;
  seq: number;
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

/** `messages` columns read the same way by both drivers. */
export interface MessageColumns {
  id: number;
  direction: string;
  sid: string | null;
  user_id: string;
  body: string;
  status: string | null;
  status_rank: number;
  error_code: number | null;
  segments: number | null;
  encoding: string | null;
  price_estimate: number | null;
  outbox_id: number | null;
  created_at: number;
  updated_at: number;
  /** Absent before migration 130. */
  version?: number | null;
}

export function userRecord(row: UserColumns, decoded: Pick<UserRecord, "session" | "optedOut">): UserRecord {
  return {
    id: row.id,
    session: decoded.session,
    optedOut: decoded.optedOut,
    optedOutAt: row.opted_out_at,
    optOutReason: row.opt_out_reason,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
  };
}

export function outboxRecord(row: OutboxColumns, decoded: Pick<OutboxRow, "media" | "cancelable">): OutboxRow {
  return {
    id: row.id,
    userId: row.user_id,
    kind: row.kind as OutboxKind,
    name: row.name,
    body: row.body,
    media: decoded.media,
    dueAt: row.due_at,
    seq: row.seq,
    cancelable: decoded.cancelable,
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

export function messageRecord(row: MessageColumns, decoded: Pick<MessageLogEntry, "media" | "statusHistory">): MessageLogEntry {
  return {
    id: row.id,
    direction: row.direction as "in" | "out",
    sid: row.sid,
    userId: row.user_id,
    body: row.body,
    media: decoded.media,
    status: row.status,
    statusHistory: decoded.statusHistory,
    errorCode: row.error_code,
    segments: row.segments,
    encoding: row.encoding,
    priceEstimate: row.price_estimate,
    outboxId: row.outbox_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version ?? null,
  };
}

/** A `users` row from either driver (JSON as text or parsed, flags as 0/1 or boolean). */
export function userFromRow(row: UserColumns & { session: unknown; opted_out: unknown }): UserRecord {
  return userRecord(row, { session: row.session === null ? null : json<Session>(row.session), optedOut: flag(row.opted_out) });
}

export function outboxFromRow(row: OutboxColumns & { media: unknown; cancelable: unknown }): OutboxRow {
  return outboxRecord(row, { media: json<string[]>(row.media), cancelable: flag(row.cancelable) });
}

export function messageFromRow(row: MessageColumns & { media: unknown; status_history: unknown }): MessageLogEntry {
  return messageRecord(row, { media: json<string[]>(row.media), statusHistory: json<StatusEvent[]>(row.status_history) });
}
