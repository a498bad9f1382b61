/** @module Per-user lock across processes: an in-process queue keeps arrival order, a PostgreSQL advisory lock keeps other processes out. */
import type pg from "pg";
import { createUserLock } from "../../outbox/user-lock.ts";
import type { UserLock } from "../../outbox/user-lock.ts";
import { USER_LOCK } from "./locks.ts";

/**
 * `lockPool` must be used for nothing else: each holder keeps one of its connections while `fn` runs
 * its queries on the store's own pool, so locks can never starve the queries they wait for.
 */
export function createAdvisoryUserLock(lockPool: pg.Pool, schema: string): UserLock {
  // One waiter per user per process: the advisory lock is then only contended between processes.
  const local = createUserLock();
  return {
    run<T>(key: string, fn: () => Promise<T>): Promise<T> {
      return local.run(key, async () => {
        const client = await lockPool.connect();
        let broken = false;
        const lockKey = `${schema}:${key}`;
        try {
          await client.query("SELECT pg_advisory_lock($1, hashtext($2))", [USER_LOCK, lockKey]).catch((error: unknown) => {
            broken = true;
            throw error;
          });
          try {
            return await fn();
          } finally {
            await client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [USER_LOCK, lockKey]).catch(() => {
              // The session is gone, and its locks with it; drop the connection rather than reuse it.
              broken = true;
            });
          }
        } finally {
          client.release(broken);
        }
      });
    },
  };
}
