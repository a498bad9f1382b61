/** @module The PostgreSQL Store (pg 8): several runtime processes share one database and split the work. */
import type { BroadcastStore } from "../broadcasts/types.ts";
import type { UserLock } from "../user-lock.ts";
import { createBroadcastStore } from "../broadcasts/index.ts";
import { createHandoffStore } from "../handoffs/index.ts";
import type { Store } from "../types.ts";
import { StoreError } from "../types.ts";
import { postgresExecutor } from "./exec.ts";
import { inboundMethods } from "./inbound.ts";
import { holdLiveness } from "./liveness.ts";
import { migrate } from "./migrate.ts";
import { checkExistingSchema } from "../existing/postgres-check.ts";
import { outboxMethods } from "./outbox.ts";
import { createPool, describeConnectError } from "./pool.ts";
import type { PoolOptions } from "./pool.ts";
import { readMethods } from "./read.ts";
import { sendingMethods } from "./sending.ts";
import { recordStatusOn } from "./status-callbacks.ts";
import { applyChanges } from "./changes.ts";
import { withTransaction } from "./tx.ts";
import { createRowUserLock } from "./user-lock.ts";
import { postgresLoopGuardStore } from "./loop-guard.ts";
import { createGaugeStore } from "../gauges/index.ts";
import { createPersonalStore } from "../personal/index.ts";
import { createOverviewStore } from "../overview/index.ts";
import type { RowLockOptions } from "./user-lock.ts";

export { migrate, loadPostgresMigrations } from "./migrate.ts";
export { createPool, describeConnectError, redactUrl } from "./pool.ts";
export type { PoolOptions } from "./pool.ts";
export { createRowUserLock } from "./user-lock.ts";

export interface PostgresStoreOptions extends PoolOptions {
  /** How long a reminder waits for a user another process is serving (default 60 s). */
  lockWaitMs?: number;
  /**
   * How long after this process or the server lost the liveness locks a peer without one is not yet taken
   * for gone (default 5 s; a live peer re-takes its lock within about 2 s of the server's return).
   */
  livenessSettleMs?: number;
  /** Told about connection trouble (lost liveness lock, a failed lock release); the store recovers by itself. */
  onTrouble?: (event: "liveness-lost" | "lock-release-failed" | "connection-error", error: unknown) => void;
  /** Only check that the schema exists at this version (../existing/): for read-only commands, which create nothing. */
  existingOnly?: boolean;
}

export interface PostgresStore extends Store {
  readonly kind: "postgres";
  readonly schema: string;
  /** Serializes one user's messages across every process sharing the database; use it in place of the in-process lock. */
  readonly userLock: UserLock;
  /** Broadcasts, recipients and the message log over this store's pool; its leases name this process's liveness. Closed with the store. */
  broadcastStore(): BroadcastStore;
}

/** Connects, migrates (under an advisory lock) and takes this process's liveness lock. */
export async function createPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const schema = options.schema ?? "public";
  const trouble = options.onTrouble ?? (() => undefined);
  const pool = createPool(url, { ...options, onConnectionError: (error) => trouble("connection-error", error) });
  const fail = async (error: unknown): Promise<never> => {
    await Promise.allSettled([pool.end()]);
    throw error instanceof StoreError ? error : describeConnectError(url, error);
  };
  try {
    await (options.existingOnly ? checkExistingSchema(pool, schema) : migrate(pool, { schema }));
  } catch (error) {
    return fail(error);
  }
  const liveness = await holdLiveness(url, {
    onLost: (error) => trouble("liveness-lost", error),
    ...(options.connectionTimeoutMs !== undefined && { connectionTimeoutMs: options.connectionTimeoutMs }),
  }).catch(fail);
  const lockOptions: RowLockOptions = { onReleaseError: (_userId, error) => trouble("lock-release-failed", error) };
  if (options.lockWaitMs !== undefined) lockOptions.waitMs = options.lockWaitMs;
  let closed: Promise<void> | null = null;

  return {
    kind: "postgres",
    schema,
    loopGuard: postgresLoopGuardStore(pool),
    handoffs: createHandoffStore(postgresExecutor(pool)),
    gauges: createGaugeStore(postgresExecutor(pool), () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount })),
    personal: createPersonalStore(postgresExecutor(pool)),
    overview: createOverviewStore(postgresExecutor(pool)),
    userLock: createRowUserLock(pool, liveness, lockOptions),
    broadcastStore: () => createBroadcastStore(postgresExecutor(pool), { liveness }),
    close: () =>
      (closed ??= (async () => {
        await liveness.close();
        await pool.end();
      })()),
    ...inboundMethods(pool),
    ...readMethods(pool),
    ...outboxMethods(pool, liveness, options.livenessSettleMs),
    ...sendingMethods(pool),
    apply: (changes) => withTransaction(pool, (client) => applyChanges(client, changes)),
    recordStatus: recordStatusOn(pool),
  };
}
