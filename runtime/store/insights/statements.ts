/** @module The insights statements, written once for both dialects: the match recorded with an inbound log row, and the reports' queries. */
import type { Dialect } from "../sql/dialect.ts";
import { sql, type Statement } from "../sql/script.ts";

/** Set on the row the same step's INSERT wrote (inbound rows always carry Twilio's unique MessageSid). */
export const RECORD_MATCH = sql(
  () => `UPDATE messages SET match_kind = :kind, match_text = :text, match_topic = :topic, trigger_id = :triggerId,
     trigger_topic = :triggerTopic, trigger_text = :triggerText, trigger_file = :file, trigger_line = :line, trigger_column = :column
   WHERE sid = :sid AND direction = 'in'`,
);

type Filter = "since" | "until" | "topic";

const CLAUSES: Record<Filter, string> = {
  since: "m.created_at >= :since",
  until: "m.created_at <= :until",
  topic: "m.match_topic = :topic",
};

/** One statement per combination of filters, built on first use. */
function cached(name: string, build: (where: string, d: Dialect) => string): (filters: Filter[]) => Statement {
  const statements = new Map<string, Statement>();
  return (filters) => {
    const key = `${name}|${filters.join(",")}`;
    let statement = statements.get(key);
    if (statement === undefined) {
      const where = filters.map((f) => ` AND ${CLAUSES[f]}`).join("");
      statement = sql((d) => build(where, d));
      statements.set(key, statement);
    }
    return statement;
  };
}

export const COUNTS = cached(
  "counts",
  (where) => `SELECT m.match_kind AS kind, COUNT(*) AS n FROM messages m WHERE m.direction = 'in'${where} GROUP BY m.match_kind`,
);

/** Before the migration there is no match_topic: only the time filters apply. */
export const COUNT_ALL = cached("count-all", (where) => `SELECT COUNT(*) AS n FROM messages m WHERE m.direction = 'in'${where}`);

// Users opted out now are left out (their texts are not material for the script); so are rows of users the log has no record of.
const MISSED_FROM = `FROM messages m JOIN users u ON u.id = m.user_id
  WHERE m.direction = 'in' AND m.match_kind IN ('catch-all', 'none') AND m.match_text IS NOT NULL AND u.opted_out = `;

export const MISSED = cached(
  "missed",
  (where, d) => `SELECT m.match_text AS text, COUNT(*) AS n, SUM(CASE WHEN m.match_kind = 'none' THEN 1 ELSE 0 END) AS unanswered,
     MIN(m.created_at) AS first_seen, MAX(m.created_at) AS last_seen, COUNT(DISTINCT m.user_id) AS user_count
   ${MISSED_FROM}${d.false}${where}
   GROUP BY m.match_text ORDER BY n DESC, last_seen DESC, ${d.bytes("m.match_text")} LIMIT :limit`,
);

export const MISSED_USERS = cached(
  "missed-users",
  (where, d) => `SELECT m.match_text AS text, m.user_id AS user_id, MIN(m.created_at) AS first_at
   ${MISSED_FROM}${d.false}${where} AND m.match_text ${d.inTextList(":texts")}
   GROUP BY m.match_text, m.user_id ORDER BY first_at, ${d.bytes("m.user_id")}`,
);

export const TRIGGER_HITS = cached(
  "trigger-hits",
  (where) => `SELECT m.trigger_topic AS topic, m.trigger_text AS text, COUNT(*) AS hits, MAX(m.created_at) AS last_hit
   FROM messages m WHERE m.direction = 'in' AND m.match_kind IN ('trigger', 'catch-all') AND m.trigger_text IS NOT NULL${where}
   GROUP BY m.trigger_topic, m.trigger_text`,
);

export const EXAMPLES = cached(
  "examples",
  (where) => `SELECT m.user_id AS user_id, m.body AS body, m.created_at AS at FROM messages m
   WHERE m.direction = 'in' AND m.trigger_topic = :triggerTopic AND m.trigger_text = :triggerText${where}
   ORDER BY m.created_at DESC, m.id DESC LIMIT :limit`,
);

export function filtersOf(query: { since?: number; until?: number; topic?: string }, withTopic = true): Filter[] {
  const filters: Filter[] = [];
  if (query.since !== undefined) filters.push("since");
  if (query.until !== undefined) filters.push("until");
  if (withTopic && query.topic !== undefined) filters.push("topic");
  return filters;
}
