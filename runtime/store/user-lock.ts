/** @module Per-user mutex: work for one phone number runs one at a time, in the order it asked. */

export interface UserLock {
  /** Runs `fn` after every earlier `run` for the same key has settled. */
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Runs `fn` only if the key is free now (here and, for a shared lock, in every other process);
   * otherwise resolves `{ ran: false }` at once. The inbound worker uses it: a busy user is someone else's.
   */
  tryRun<T>(key: string, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
}

/**
 * In-process lock keyed by phone number. Queueing happens synchronously inside `run`, so callers
 * are served in the order they called. (Several processes sharing PostgreSQL add a lock row, see
 * store/postgres/user-lock.ts.)
 */
export function createUserLock(): UserLock {
  const tails = new Map<string, Promise<unknown>>();
  const run = <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(fn, fn);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    // Forget idle keys so the map does not grow with every number ever seen.
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
  return {
    run,
    async tryRun<T>(key: string, fn: () => Promise<T>) {
      if (tails.has(key)) return { ran: false as const };
      return { ran: true as const, value: await run(key, fn) };
    },
  };
}
