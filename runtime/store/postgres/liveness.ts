/** @module A process's liveness lock: one connection holds an advisory lock for the store's lifetime, so peers can tell a crashed process's in-flight rows and user locks from a live one's. */
import { randomInt } from "node:crypto";
import pg from "pg";
import { PROCESS_LOCK } from "./locks.ts";

export interface Liveness {
  /** This process's key, recorded as `claimed_by` on the rows it claims and as the holder of its user locks. */
  readonly key: number;
  /** When (`Date.now()`) the lock's connection was last lost, or null: peers are not judged gone right after this process itself reconnected. */
  readonly lostAt: number | null;
  /** Re-takes the lock if its connection was lost (a server restart); throws if it cannot. */
  ensure(): Promise<void>;
  close(): Promise<void>;
}

export interface LivenessOptions {
  /** Told when the lock's connection is lost (it is re-taken in the background). */
  onLost?: (error: unknown) => void;
  connectionTimeoutMs?: number;
}

export async function holdLiveness(url: string, options: LivenessOptions = {}): Promise<Liveness> {
  let key = randomInt(1, 2 ** 31 - 1);
  let client: pg.Client | null = null;
  let pending: Promise<void> | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  let lostAt: number | null = null;

  const acquire = async (): Promise<void> => {
    const next = new pg.Client({
      connectionString: url,
      application_name: "bot-runtime liveness",
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    });
    next.on("error", (error) => {
      // The server went away: the lock is gone with the session. Peers may now recover this process's
      // in-flight rows (they become `unknown` and are reconciled against Twilio, never blindly resent)
      // and take its user locks (its steps then lose their conditional commits, never double them).
      if (client !== next) return;
      client = null;
      lostAt = Date.now();
      options.onLost?.(error);
      scheduleRetry(100);
    });
    await next.connect();
    try {
      for (let tries = 0; ; tries++) {
        // The same key as before a reconnect, so the rows this process claimed stay its own.
        const { rows } = await next.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS ok", [PROCESS_LOCK, key]);
        if (rows[0]?.ok) break;
        // Another live process drew the same random key: draw again.
        if (tries >= 10) throw new Error("could not take a process liveness lock after 10 tries");
        key = randomInt(1, 2 ** 31 - 1);
      }
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    if (closed) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
  };

  const ensure = async (): Promise<void> => {
    if (client || closed) return;
    pending ??= acquire().finally(() => {
      pending = null;
    });
    await pending;
  };

  // Re-taken as soon as the server is back, not only when the next claim asks: the shorter the gap, the
  // fewer of this process's user locks a peer mistakes for a dead process's.
  const scheduleRetry = (ms: number): void => {
    if (closed || retry !== null) return;
    retry = setTimeout(() => {
      retry = null;
      ensure().catch(() => scheduleRetry(Math.min(ms * 2, 2000)));
    }, ms);
    retry.unref();
  };

  await acquire();
  return {
    get key() {
      return key;
    },
    get lostAt() {
      return lostAt;
    },
    ensure,
    async close() {
      closed = true;
      if (retry !== null) clearTimeout(retry);
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}
