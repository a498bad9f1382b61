/** @module The PostgreSQL Store (pg 8): several runtime processes share one database and split the work. */
import type { UserLock } from "../../outbox/user-lock.ts";
import type { Store } from "../types.ts";
import { StoreError } from "../types.ts";
import { inboundMethods } from "./inbound.ts";
import { holdLiveness } from "./liveness.ts";
import { migrate } from "./migrate.ts";
import { outboxMethods } from "./outbox.ts";
import { createPool, describeConnectError } from "./pool.ts";
import type { PoolOptions } from "./pool.ts";
import { readMethods } from "./read.ts";
import { recordStatusOn } from "./status-callbacks.ts";
import { applyChanges } from "./changes.ts";
import { withTransaction } from "./tx.ts";
import { createAdvisoryUserLock } from "./user-lock.ts";

export { migrate, loadPostgresMigrations } from "./migrate.ts";
export { createPool, describeConnectError, redactUrl } from "./pool.ts";
export type { PoolOptions } from "./pool.ts";
export { createAdvisoryUserLock } from "./user-lock.ts";

export interface PostgresStoreOptions extends PoolOptions {
  /** Connections reserved for per-user locks, i.e. how many users this process serves at once (default 10). */
  lockConnections?: number;
}

export interface PostgresStore extends Store {
  readonly kind: "postgres";
  readonly schema: string;
  /** Serializes one user's messages across every process sharing the database; use it in place of the in-process lock. */
  readonly userLock: UserLock;
}

/** Connects, migrates (under an advisory lock) and takes this process's liveness lock. */
export async function createPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const schema = options.schema ?? "public";
  const pool = createPool(url, options);
  const lockPool = createPool(url, { ...options, max: options.lockConnections ?? 10 });
  const fail = async (error: unknown): Promise<never> => {
    await Promise.allSettled([pool.end(), lockPool.end()]);
    throw error instanceof StoreError ? error : describeConnectError(url, error);
  };
  try {
    await migrate(pool, { schema });
  } catch (error) {
    return fail(error);
  }
  const liveness = await holdLiveness(url).catch(fail);
  let closed: Promise<void> | null = null;

  return {
    kind: "postgres",
    schema,
    userLock: createAdvisoryUserLock(lockPool, schema),
    close: () =>
      (closed ??= (async () => {
        await liveness.close();
        await Promise.all([pool.end(), lockPool.end()]);
      })()),
    ...inboundMethods(pool),
    ...readMethods(pool),
    ...outboxMethods(pool, liveness),
    apply: (changes) => withTransaction(pool, (client) => applyChanges(client, changes)),
    recordStatus: recordStatusOn(pool),
  };
}
