/** @module Per-user lock across processes: an in-process queue keeps arrival order, a `user_locks` row naming this process keeps other processes out. */
import type pg from "pg";
import { createUserLock } from "../user-lock.ts";
import type { UserLock } from "../user-lock.ts";
import { processAlive } from "./locks.ts";
import type { Liveness } from "./liveness.ts";

// Taken when free, when this process holds it already (a release that failed while the database was
// away), or when its holder's liveness lock is gone (the holder died): never from a live peer.
const TAKE = `
  INSERT INTO user_locks (user_id, holder, taken_at) VALUES ($1, $2, $3)
  ON CONFLICT (user_id) DO UPDATE SET holder = excluded.holder, taken_at = excluded.taken_at
  WHERE user_locks.holder = excluded.holder OR NOT ${processAlive("user_locks.holder")}`;
// `taken_at` is the take's token: a late release never drops a newer take by this same process.
const DROP = `DELETE FROM user_locks WHERE user_id = $1 AND holder = $2 AND taken_at = $3`;

export interface RowLockOptions {
  /** How long `run` waits for a peer to let go before failing (the caller retries later). Default 60 s. */
  waitMs?: number;
  /** Told when a release failed and is being retried (the database is away). */
  onReleaseError?: (userId: string, error: unknown) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The lock is a row, taken and dropped by single statements on the shared pool: a step that awaits a
 * `$` call holds no connection, so a process serves as many users at once as its worker limit allows,
 * whatever the pool size. A holder that dies (kill -9) leaves its row, which a peer replaces as soon as
 * the holder's liveness lock is gone, i.e. within seconds rather than after a lease.
 */
export function createRowUserLock(pool: pg.Pool, liveness: Pick<Liveness, "key" | "ensure">, options: RowLockOptions = {}): UserLock {
  const local = createUserLock();
  const waitMs = options.waitMs ?? 60_000;

  let counter = 0;
  type Take = { key: number; token: number };
  const take = async (userId: string): Promise<Take | null> => {
    await liveness.ensure();
    const taken = { key: liveness.key, token: Date.now() * 1000 + (counter++ % 1000) };
    return (await pool.query(TAKE, [userId, taken.key, taken.token])).rowCount === 1 ? taken : null;
  };
  const release = async (userId: string, taken: Take): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      try {
        await pool.query(DROP, [userId, taken.key, taken.token]);
        return;
      } catch (error) {
        // The row stays ours meanwhile: this process may take it again, peers wait (or take it if we die).
        if (attempt === 0) options.onReleaseError?.(userId, error);
        if (attempt >= 60) return;
        await sleep(Math.min(5000, 100 * 2 ** attempt));
      }
    }
  };
  const held = async <T>(userId: string, taken: Take, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } finally {
      void release(userId, taken);
    }
  };

  return {
    run<T>(userId: string, fn: () => Promise<T>): Promise<T> {
      return local.run(userId, async () => {
        const deadline = Date.now() + waitMs;
        let taken = await take(userId);
        for (let wait = 5; taken === null; wait = Math.min(wait * 2, 200)) {
          if (Date.now() > deadline) throw new Error(`user ${userId} stayed locked by another runtime process for over ${waitMs} ms`);
          await sleep(wait);
          taken = await take(userId);
        }
        return held(userId, taken, fn);
      });
    },
    tryRun<T>(userId: string, fn: () => Promise<T>) {
      return local
        .tryRun(userId, async () => {
          const taken = await take(userId);
          if (taken === null) return { ran: false as const };
          return { ran: true as const, value: await held(userId, taken, fn) };
        })
        .then((outcome) => (outcome.ran ? outcome.value : outcome));
    },
  };
}
