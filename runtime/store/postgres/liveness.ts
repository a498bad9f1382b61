/** @module A process's liveness lock: one connection holds an advisory lock for the store's lifetime, so peers can tell a crashed process's in-flight rows from a live one's. */
import { randomInt } from "node:crypto";
import pg from "pg";
import { PROCESS_LOCK } from "./locks.ts";

export interface Liveness {
  /** This process's key, recorded as `claimed_by` on the rows it claims. */
  readonly key: number;
  /** Re-takes the lock if its connection was lost (a server restart); throws if it cannot. */
  ensure(): Promise<void>;
  close(): Promise<void>;
}

export async function holdLiveness(url: string): Promise<Liveness> {
  let key = randomInt(1, 2 ** 31 - 1);
  let client: pg.Client | null = null;
  let pending: Promise<void> | null = null;
  let closed = false;

  const acquire = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, application_name: "bot-runtime liveness" });
    next.on("error", () => {
      // The server went away: the lock is gone with the session. Peers may now recover this process's
      // in-flight rows (they become `unknown` and are reconciled against Twilio, never blindly resent).
      if (client === next) client = null;
    });
    await next.connect();
    try {
      for (let tries = 0; ; tries++) {
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
    client = next;
  };

  await acquire();
  return {
    get key() {
      return key;
    },
    async ensure() {
      if (client || closed) return;
      pending ??= acquire().finally(() => {
        pending = null;
      });
      await pending;
    },
    async close() {
      closed = true;
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}
