/** @module Maps PostgreSQL rows to the Store's records: jsonb arrives parsed and flags as booleans (bigint as number, see pool.ts). */
import { messageRecord, outboxRecord, userRecord } from "../rows.ts";
import type { MessageColumns, OutboxColumns, UserColumns } from "../rows.ts";
import type { MessageLogEntry, OutboxRow, StatusEvent, UserRecord } from "../types.ts";
import type { Session } from "../../../engine/types.ts";

export interface UserPgRow extends UserColumns {
  session: Session | null;
  opted_out: boolean;
}

export interface OutboxPgRow extends OutboxColumns {
  media: string[];
  cancelable: boolean;
  claimed_by: number | null;
}

export interface MessagePgRow extends MessageColumns {
  media: string[];
  status_history: StatusEvent[];
}

export function toUser(row: UserPgRow): UserRecord {
  return userRecord(row, { session: row.session, optedOut: row.opted_out });
}

export function toOutbox(row: OutboxPgRow): OutboxRow {
  return outboxRecord(row, { media: row.media, cancelable: row.cancelable });
}

export function toMessage(row: MessagePgRow): MessageLogEntry {
  return messageRecord(row, { media: row.media, statusHistory: row.status_history });
}
