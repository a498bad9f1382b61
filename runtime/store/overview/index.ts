/** @module The OverviewStore over either database: a read-only script of counting queries, statement by statement. */
import { all, get } from "../sql/script.ts";
import type { Executor, Script } from "../sql/script.ts";
import type { OverviewCounts, OverviewStore } from "./types.ts";
import * as q from "./statements.ts";

export type { OverviewCounts, OverviewStore } from "./types.ts";

const FAILED = new Set(["failed", "undelivered"]);

function* counts(since: number, until: number): Script<OverviewCounts> {
  const window = { since, until };
  const count = function* (statement: typeof q.INBOUND) {
    return Number((yield* get<{ n: number | string }>(statement, window))?.n ?? 0);
  };
  const inbound = yield* count(q.INBOUND);
  const byStatus: Record<string, number> = {};
  for (const row of yield* all<{ status: string; n: number | string }>(q.OUTBOUND_BY_STATUS, window)) byStatus[row.status] = Number(row.n);
  const topErrors = (yield* all<{ code: number | string | null; n: number | string }>(q.TOP_ERRORS, window)).map((row) => ({
    code: row.code === null ? null : Number(row.code),
    count: Number(row.n),
  }));
  return {
    inbound,
    outbound: { total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus },
    failures: { total: Object.entries(byStatus).reduce((sum, [status, n]) => sum + (FAILED.has(status) ? n : 0), 0), topErrors },
    optOuts: yield* count(q.OPT_OUTS),
    newUsers: yield* count(q.NEW_USERS),
  };
}

export function createOverviewStore(exec: Executor): OverviewStore {
  return { counts: (since, until) => exec.auto(counts(since, until)) };
}
