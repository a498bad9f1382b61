/** @module Per-user mutex: work for one phone number runs one at a time, in the order it asked. */

export interface UserLock {
  /** Runs `fn` after every earlier `run` for the same key has settled. */
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/**
 * In-process lock keyed by phone number. Queueing happens synchronously inside `run`, so callers
 * are served in the order they called. (Several processes sharing PostgreSQL need an advisory lock instead.)
 */
export function createUserLock(): UserLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, fn: () => Promise<T>): Promise<T> {
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
    },
  };
}
