/** @module Reading the PostgreSQL store: users, bot state, outbox rows and the message log. */
import type pg from "pg";
import type { BotState } from "../../../engine/types.ts";
import type { MessageLogEntry, OutboxRow, OutboxState, UserRecord } from "../types.ts";
import { toMessage, toOutbox, toUser } from "./rows.ts";
import type { MessagePgRow, OutboxPgRow, UserPgRow } from "./rows.ts";

/** `WHERE` over the given equality filters, numbering parameters from $1. */
function where(filters: [column: string, value: unknown][]): { sql: string; params: unknown[] } {
  const used = filters.filter(([, value]) => value !== undefined);
  return {
    sql: used.length ? `WHERE ${used.map(([column], i) => `${column} = $${i + 1}`).join(" AND ")}` : "",
    params: used.map(([, value]) => value),
  };
}

export function readMethods(pool: pg.Pool) {
  return {
    async getUser(userId: string): Promise<UserRecord | null> {
      const { rows } = await pool.query<UserPgRow>("SELECT * FROM users WHERE id = $1", [userId]);
      return rows[0] ? toUser(rows[0]) : null;
    },
    async getBotState(): Promise<BotState | null> {
      const { rows } = await pool.query<{ state: BotState }>("SELECT state FROM bot_state WHERE id = 1");
      return rows[0]?.state ?? null;
    },
    async getOutbox(id: number): Promise<OutboxRow | null> {
      const { rows } = await pool.query<OutboxPgRow>("SELECT * FROM outbox WHERE id = $1", [id]);
      return rows[0] ? toOutbox(rows[0]) : null;
    },
    async listOutbox(filter: { userId?: string; state?: OutboxState } = {}): Promise<OutboxRow[]> {
      const { sql, params } = where([
        ["user_id", filter.userId],
        ["state", filter.state],
      ]);
      const { rows } = await pool.query<OutboxPgRow>(`SELECT * FROM outbox ${sql} ORDER BY due_at, id`, params);
      return rows.map(toOutbox);
    },
    async listMessages(filter: { userId?: string; direction?: "in" | "out"; limit?: number } = {}): Promise<MessageLogEntry[]> {
      const { sql, params } = where([
        ["user_id", filter.userId],
        ["direction", filter.direction],
      ]);
      // LIMIT NULL means no limit.
      const { rows } = await pool.query<MessagePgRow>(`SELECT * FROM messages ${sql} ORDER BY id LIMIT $${params.length + 1}`, [
        ...params,
        filter.limit ?? null,
      ]);
      return rows.map(toMessage);
    },
    async knownSids(sids: string[], exceptId?: number): Promise<Set<string>> {
      if (sids.length === 0) return new Set();
      const { rows } = await pool.query<{ sid: string }>("SELECT sid FROM outbox WHERE sid = ANY($1::text[]) AND id <> $2", [sids, exceptId ?? -1]);
      return new Set(rows.map((row) => row.sid));
    },
  };
}
