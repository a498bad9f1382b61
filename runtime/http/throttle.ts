/**
 * @module Online guessing, slowed: a client (by IP) gets a few wrong tokens free, then waits a delay that
 * doubles with each further failure (capped). Time comes from the injected clock, so tests move it instead
 * of sleeping. In memory and per process: a restart forgets, which costs a guesser nothing it did not have.
 */

export interface ThrottleOptions {
  now: () => number;
  /** Wrong tokens a client may send before it must wait. */
  free?: number;
  /** The first wait; each further failure doubles it. */
  baseMs?: number;
  /** The longest wait. */
  maxMs?: number;
  /** A client idle this long starts over. */
  forgetMs?: number;
  /** Clients remembered at most (the oldest are dropped), so spoofed addresses cannot fill memory. */
  maxClients?: number;
}

export interface Throttle {
  /** Milliseconds the client must still wait before its token is even checked; 0: go ahead. */
  wait(client: string): number;
  /** Records a wrong token; returns the wait it now has. */
  fail(client: string): number;
  /** A right token: the client starts over. */
  succeed(client: string): void;
}

interface Entry {
  failures: number;
  until: number;
  last: number;
}

export function createThrottle({
  now,
  free = 5,
  baseMs = 1000,
  maxMs = 15 * 60_000,
  forgetMs = 24 * 60 * 60_000,
  maxClients = 10_000,
}: ThrottleOptions): Throttle {
  const clients = new Map<string, Entry>();
  const current = (client: string): Entry | undefined => {
    const entry = clients.get(client);
    if (entry && now() - entry.last > forgetMs) {
      clients.delete(client);
      return undefined;
    }
    return entry;
  };
  return {
    wait(client) {
      const entry = current(client);
      return entry ? Math.max(0, entry.until - now()) : 0;
    },
    fail(client) {
      const entry = current(client) ?? { failures: 0, until: 0, last: 0 };
      entry.failures += 1;
      entry.last = now();
      const over = entry.failures - free;
      entry.until = over > 0 ? now() + Math.min(maxMs, baseMs * 2 ** Math.min(over - 1, 30)) : 0;
      // Re-inserting keeps the map in last-failure order, so the oldest client is the first key.
      clients.delete(client);
      clients.set(client, entry);
      if (clients.size > maxClients) clients.delete(clients.keys().next().value!);
      return Math.max(0, entry.until - now());
    },
    succeed(client) {
      clients.delete(client);
    },
  };
}

/** Whole seconds for `Retry-After`, never 0. */
export const retryAfterSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
