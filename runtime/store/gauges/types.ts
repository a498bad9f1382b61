/** @module What `/metrics` reads from the database at scrape time: queue depths, the oldest due row, broadcast progress, pool use. */

/** Rows waiting in the shared database (every process sees the same numbers). */
export interface QueueGauges {
  /** Inbound webhooks stored and not yet run. */
  inboundQueued: number;
  /** When the oldest of them arrived (epoch ms), or null. */
  oldestInboundAt: number | null;
  /** Unsettled outbox rows by state (`pending`, `sending`, `unknown`); settled states are history, not a queue. */
  outbox: Record<"pending" | "sending" | "unknown", number>;
  /** Reminder rows whose time has come and that have not fired yet. */
  remindersDue: number;
  /** The due time (epoch ms) of the oldest message row that may go now and has not gone, or null: the dispatcher's lag is now minus this. */
  oldestDueAt: number | null;
  /** Open handoffs to a person (docs/handoff.md), by state. */
  handoffs: Record<"waiting" | "active", number>;
  /** Recipients of scheduled or running broadcasts, by broadcast and recipient state. */
  broadcasts: { id: number; state: string; recipients: number }[];
}

/** Connections of this process's pool (PostgreSQL); absent on SQLite, which has one connection and no pool. */
export interface PoolGauges {
  total: number;
  idle: number;
  waiting: number;
}

export interface GaugeStore {
  queues(now: number): Promise<QueueGauges>;
  pool?(): PoolGauges;
}
