/** @module The InsightsStore, once for both databases, and the script that records an inbound message's match with its log row. */
import { all, get, run, sql } from "../sql/script.ts";
import type { Executor, Script } from "../sql/script.ts";
import type { InsightsQuery, InsightsStore, MatchCounts, MatchKind, MessageMatch, MissedGroupRow } from "./types.ts";
import { MATCH_KINDS } from "./types.ts";
import * as q from "./statements.ts";

export type * from "./types.ts";
export { MATCH_KINDS } from "./types.ts";

/** Part of the step's transaction: the match goes on the inbound row the step just logged. */
export function* recordMatch(sid: string, match: MessageMatch): Script<void> {
  const trigger = match.trigger;
  yield* run(q.RECORD_MATCH, {
    sid,
    kind: match.kind,
    text: match.text,
    topic: match.topic,
    triggerId: trigger?.id ?? null,
    triggerTopic: trigger?.topic ?? null,
    triggerText: trigger?.text ?? null,
    file: trigger?.source.file ?? null,
    line: trigger?.source.line ?? null,
    column: trigger?.source.column ?? null,
  });
}

const HAS_COLUMNS = {
  sqlite: sql(() => "SELECT 1 AS ok FROM pragma_table_info('messages') WHERE name = 'match_kind'"),
  postgres: sql(
    () => "SELECT 1 AS ok FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'messages' AND column_name = 'match_kind'",
  ),
};

/** How many example users a missed group lists. */
const EXAMPLE_USERS = 3;

export function createInsightsStore(exec: Executor, close: () => Promise<void>): InsightsStore {
  let recording: boolean | null = null;
  const isRecording = async () => (recording ??= (await exec.auto(get<{ ok: number }>(HAS_COLUMNS[exec.dialect.name]))) !== undefined);

  function* counts(query: InsightsQuery, recorded: boolean): Script<MatchCounts> {
    const result: MatchCounts = { trigger: 0, "catch-all": 0, none: 0, keyword: 0, "opted-out": 0, "handed-off": 0, unknown: 0 };
    if (!recorded) {
      // Without the columns there is no topic either: a --topic filter matches nothing that could be told apart.
      if (query.topic !== undefined) return result;
      const row = yield* get<{ n: number }>(q.COUNT_ALL(q.filtersOf(query)), params(query));
      result.unknown = Number(row?.n ?? 0);
      return result;
    }
    for (const row of yield* all<{ kind: string | null; n: number }>(q.COUNTS(q.filtersOf(query)), params(query))) {
      const kind = MATCH_KINDS.includes(row.kind as MatchKind) ? (row.kind as MatchKind) : "unknown";
      result[kind] += Number(row.n);
    }
    return result;
  }

  function* missed(query: InsightsQuery & { limit: number }): Script<MissedGroupRow[]> {
    const filters = q.filtersOf(query);
    const rows = yield* all<{ text: string; n: number; unanswered: number; first_seen: number; last_seen: number; user_count: number }>(q.MISSED(filters), {
      ...params(query),
      limit: query.limit,
    });
    if (rows.length === 0) return [];
    const texts = rows.map((r) => r.text);
    const users = new Map<string, string[]>();
    for (const row of yield* all<{ text: string; user_id: string }>(q.MISSED_USERS(filters), { ...params(query), texts })) {
      const list = users.get(row.text) ?? [];
      if (list.length < EXAMPLE_USERS) list.push(row.user_id);
      users.set(row.text, list);
    }
    return rows.map((r) => ({
      text: r.text,
      count: Number(r.n),
      unanswered: Number(r.unanswered),
      firstSeen: Number(r.first_seen),
      lastSeen: Number(r.last_seen),
      userCount: Number(r.user_count),
      users: users.get(r.text) ?? [],
    }));
  }

  return {
    recording: isRecording,
    counts: async (query) => exec.auto(counts(query, await isRecording())),
    missed: async (query) => ((await isRecording()) ? exec.auto(missed(query)) : []),
    triggerHits: async (query) => {
      if (!(await isRecording())) return [];
      const rows = await exec.auto(all<{ topic: string; text: string; hits: number; last_hit: number }>(q.TRIGGER_HITS(q.filtersOf(query)), params(query)));
      return rows.map((r) => ({ topic: r.topic, text: r.text, hits: Number(r.hits), lastHit: Number(r.last_hit) }));
    },
    examples: async (trigger, query) => {
      if (!(await isRecording())) return [];
      const rows = await exec.auto(
        all<{ user_id: string; body: string; at: number }>(q.EXAMPLES(q.filtersOf(query)), {
          ...params(query),
          triggerTopic: trigger.topic,
          triggerText: trigger.text,
          limit: query.limit,
        }),
      );
      return rows.map((r) => ({ userId: r.user_id, body: r.body, at: Number(r.at) }));
    },
    close,
  };
}

function params(query: InsightsQuery): Record<string, unknown> {
  return { since: query.since, until: query.until, topic: query.topic };
}
