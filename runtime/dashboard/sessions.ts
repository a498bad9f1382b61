/**
 * @module Dashboard sign-ins kept on the server: the cookie holds a random session id and nothing else, so
 * sign-out ends that session everywhere (a copied cookie dies with it) and the token never leaves the
 * server. In memory, per process: a restart signs everyone out.
 */
import { randomBytes } from "node:crypto";

export interface Sessions {
  /** A new session's id, valid for `ttlMs` from now. */
  open(): string;
  /** Whether `id` is a live session. */
  valid(id: string): boolean;
  /** Ends the session (sign-out). */
  close(id: string): void;
}

const ID = /^[0-9a-f]{64}$/;

export function createSessions({ now, ttlMs, max = 10_000 }: { now: () => number; ttlMs: number; max?: number }): Sessions {
  const expiry = new Map<string, number>();
  return {
    open() {
      const id = randomBytes(32).toString("hex");
      expiry.set(id, now() + ttlMs);
      // Map order is sign-in order: past the cap the oldest sign-in ends first.
      if (expiry.size > max) expiry.delete(expiry.keys().next().value!);
      return id;
    },
    valid(id) {
      if (!ID.test(id)) return false;
      const until = expiry.get(id);
      if (until === undefined) return false;
      if (now() > until) {
        expiry.delete(id);
        return false;
      }
      return true;
    },
    close(id) {
      expiry.delete(id);
    },
  };
}
