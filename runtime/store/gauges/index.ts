/** @module The GaugeStore over either database: a read-only script per scrape, statement by statement (no transaction held). */
import { all, get } from "../sql/script.ts";
import type { Executor, Script } from "../sql/script.ts";
import type { GaugeStore, PoolGauges, QueueGauges } from "./types.ts";
import * as q from "./statements.ts";

export type { GaugeStore, PoolGauges, QueueGauges } from "./types.ts";

function* queues(now: number): Script<QueueGauges> {
  const inbound = yield* get<{ n: number; oldest: number | null }>(q.INBOUND_QUEUED);
  const states = yield* all<{ state: string; n: number }>(q.OUTBOX_UNSETTLED);
  const reminders = yield* get<{ n: number }>(q.REMINDERS_DUE, { now });
  const due = yield* get<{ oldest: number | null }>(q.OLDEST_DUE, { now });
  const broadcasts = yield* all<{ id: number; state: string; n: number }>(q.BROADCAST_RECIPIENTS);
  const handoffs = { waiting: 0, active: 0 };
  for (const row of yield* all<{ state: string; n: number }>(q.HANDOFFS_OPEN))
    if (row.state in handoffs) handoffs[row.state as keyof typeof handoffs] = Number(row.n);
  const outbox = { pending: 0, sending: 0, unknown: 0 };
  for (const row of states) if (row.state in outbox) outbox[row.state as keyof typeof outbox] = Number(row.n);
  return {
    inboundQueued: Number(inbound?.n ?? 0),
    oldestInboundAt: inbound?.oldest == null ? null : Number(inbound.oldest),
    outbox,
    remindersDue: Number(reminders?.n ?? 0),
    oldestDueAt: due?.oldest == null ? null : Number(due.oldest),
    handoffs,
    broadcasts: broadcasts.map((row) => ({ id: Number(row.id), state: row.state, recipients: Number(row.n) })),
  };
}

/** `pool`: the PostgreSQL pool's counts, read from memory. */
export function createGaugeStore(exec: Executor, pool?: () => PoolGauges): GaugeStore {
  return { queues: (now) => exec.auto(queues(now)), ...(pool && { pool }) };
}
