/**
 * @module Waiting for another process's SQLite lock without freezing the event loop. better-sqlite3 is
 * synchronous: with a long `busy_timeout` a locked database holds the whole process (webhooks, health
 * checks) for the full wait. The runtime's connection instead uses a short `busy_timeout` (each attempt
 * blocks for at most that), and every store method that meets `SQLITE_BUSY` is tried again after an
 * async back-off, up to a bound. A worker thread was the other choice; it would need its own connection
 * and a message round trip per statement, and the group commit already keeps attempts short.
 */
import type { Store } from "../types.ts";
import { StoreError } from "../types.ts";

/** What a connection waits inside SQLite per attempt (the event loop is blocked this long at most). */
export const ATTEMPT_BUSY_MS = 20;
/** How long a method keeps trying before the write fails as "locked". */
export const LOCK_BOUND_MS = 5000;

export type Readiness = { ok: true } | { ok: false; reason: string };

const isBusy = (error: unknown) => /^SQLITE_BUSY|^SQLITE_LOCKED/.test(String((error as { code?: string } | null)?.code ?? ""));

/** Why a failed write means the store cannot write now, in words for `/readyz`; null for other errors. */
export function unwritableReason(error: unknown): string | null {
  const code = String((error as { code?: string } | null)?.code ?? "");
  if (code.startsWith("SQLITE_FULL")) return "disk full: the database cannot grow; free space on its disk";
  if (code.startsWith("SQLITE_READONLY")) return "read-only: the database file or its folder cannot be written";
  if (code.startsWith("SQLITE_IOERR")) return `disk I/O error (${code}): check the disk`;
  if (isBusy(error) || (error instanceof StoreError && /locked/.test(error.message))) return `locked by another process for more than ${LOCK_BOUND_MS} ms`;
  return null;
}

/** The store with every method retried on a busy database, and the last write failure remembered for `/readyz`. */
export function patientStore(store: Store, onWrite: (error: unknown | null) => void): Store {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(store)) {
    if (typeof value !== "function" || name === "close") {
      wrapped[name] = value;
      continue;
    }
    const fn = value as (...args: unknown[]) => Promise<unknown>;
    wrapped[name] = async (...args: unknown[]) => {
      const started = Date.now();
      for (let wait = 2; ; wait = Math.min(wait * 2, 100)) {
        try {
          const result = await fn(...args);
          onWrite(null);
          return result;
        } catch (error) {
          if (!isBusy(error)) {
            if (unwritableReason(error) !== null) onWrite(error);
            throw error;
          }
          if (Date.now() - started >= LOCK_BOUND_MS) {
            const locked = new StoreError(
              `the database stayed locked by another process for more than ${LOCK_BOUND_MS} ms; nothing was written. Find the other process (sqlite3 shell, backup, a second bot run) and stop it.`,
              "write",
              error,
            );
            onWrite(locked);
            throw locked;
          }
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
    };
  }
  return wrapped as unknown as Store;
}
