/** @module Message log search (`bot logs`, the dashboard, `GET /api/logs`) on either database: one statement per combination of filters, built on first use. */
import type { LogQuery, LogRecord, LogType } from "./types.ts";
import type { MessageColumns } from "../rows.ts";
import { messageFromRow } from "../rows.ts";
import { all, sql } from "../sql/script.ts";
import type { Script, Statement } from "../sql/script.ts";
import type { Dialect } from "../sql/dialect.ts";

type Filter = "userId" | "since" | "until" | "status" | "broadcastId" | "text" | LogType;

const CLAUSES: Record<Filter, (d: Dialect) => string> = {
  userId: () => "m.user_id = :userId",
  since: () => "m.created_at >= :since",
  until: () => "m.created_at <= :until",
  status: () => "m.status = :status",
  broadcastId: () => "b.broadcast_id = :broadcastId",
  text: (d) => `m.body ${d.ilike} :text ESCAPE '\\'`,
  inbound: () => "m.direction = 'in'",
  broadcast: () => "m.direction = 'out' AND b.broadcast_id IS NOT NULL",
  response: () => "m.direction = 'out' AND b.broadcast_id IS NULL",
};

const statements = new Map<string, Statement>();

function statementFor(filters: Filter[], newestFirst: boolean): Statement {
  const key = `${filters.join(",")}|${newestFirst}`;
  let statement = statements.get(key);
  if (!statement) {
    const order = newestFirst ? "DESC" : "ASC";
    statement = sql(
      (d) => `SELECT m.*, b.broadcast_id FROM messages m LEFT JOIN broadcast_outbox b ON b.outbox_id = m.outbox_id
        ${filters.length ? `WHERE ${filters.map((f) => CLAUSES[f](d)).join(" AND ")}` : ""}
        ORDER BY m.created_at ${order}, m.id ${order} LIMIT :limit`,
    );
    statements.set(key, statement);
  }
  return statement;
}

type LogRow = MessageColumns & { media: unknown; status_history: unknown; broadcast_id: number | null };

export function* searchLogs(query: LogQuery, noLimit: number | null): Script<LogRecord[]> {
  const filters: Filter[] = [];
  const params: Record<string, unknown> = { limit: query.limit ?? noLimit };
  for (const name of ["userId", "since", "until", "status", "broadcastId"] as const) {
    if (query[name] === undefined) continue;
    filters.push(name);
    params[name] = query[name];
  }
  if (query.text !== undefined && query.text !== "") {
    filters.push("text");
    params["text"] = `%${query.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  if (query.type !== undefined) filters.push(query.type);
  const rows = yield* all<LogRow>(statementFor(filters, query.newestFirst ?? false), params);
  return rows.map((row) => {
    const m = messageFromRow(row);
    const type: LogType = m.direction === "in" ? "inbound" : row.broadcast_id !== null ? "broadcast" : "response";
    return {
      id: m.id,
      at: m.createdAt,
      userId: m.userId,
      direction: m.direction,
      type,
      body: m.body,
      media: m.media,
      sid: m.sid,
      status: m.status,
      statusHistory: m.statusHistory,
      segments: m.segments,
      encoding: m.encoding,
      errorCode: m.errorCode,
      priceEstimate: m.priceEstimate,
      broadcastId: row.broadcast_id,
      version: m.version ?? null,
    };
  });
}
