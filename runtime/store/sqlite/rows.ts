/** @module Maps SQLite rows to the Store's records: JSON columns arrive as text and flags as 0/1, decoded here. */
import { messageRecord, outboxRecord, userRecord } from "../rows.ts";
import type { MessageColumns, OutboxColumns, UserColumns } from "../rows.ts";
import type { MessageLogEntry, OutboxRow, StatusEvent, UserRecord } from "../types.ts";
import type { Session } from "../../../engine/types.ts";

export interface UserSqlRow extends UserColumns {
  session: string | null;
  opted_out: number;
}

export interface OutboxSqlRow extends OutboxColumns {
  media: string;
  cancelable: number;
}

export interface MessageSqlRow extends MessageColumns {
  media: string;
  status_history: string;
}

export function toUser(row: UserSqlRow): UserRecord {
  return userRecord(row, { session: row.session === null ? null : (JSON.parse(row.session) as Session), optedOut: row.opted_out === 1 });
}

export function toOutbox(row: OutboxSqlRow): OutboxRow {
  return outboxRecord(row, { media: JSON.parse(row.media) as string[], cancelable: row.cancelable === 1 });
}

export function toMessage(row: MessageSqlRow): MessageLogEntry {
  return messageRecord(row, { media: JSON.parse(row.media) as string[], statusHistory: JSON.parse(row.status_history) as StatusEvent[] });
}
