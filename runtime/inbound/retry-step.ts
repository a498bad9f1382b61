/** @module Helpers for running a conversation step again after a bot-variable conflict: `$` answers reused, retries one at a time. */
import type { Fetcher, HttpResponse } from "../../engine/types.ts";

/**
 * A fetcher for a step that may run more than once: the first run makes the calls, and each later run
 * (after `again()`) gets the same answers in the same order instead of repeating them. A call the earlier
 * runs never made is made then.
 */
export function replayingFetcher(fetcher: Fetcher): { fetcher: Fetcher; again(): void } {
  const answers = new Map<string, Promise<HttpResponse>[]>();
  let used = new Map<string, number>();
  return {
    fetcher: (request) => {
      const key = JSON.stringify([request.method, request.url, request.headers, request.body ?? null]);
      const list = answers.get(key) ?? [];
      answers.set(key, list);
      const index = used.get(key) ?? 0;
      used.set(key, index + 1);
      if (index < list.length) return list[index]!;
      const answer = fetcher(request);
      list.push(answer);
      return answer;
    },
    again: () => {
      used = new Map();
    },
  };
}

/** Runs tasks one after another, in the order they were queued; a failing task does not stop the next. */
export function serialiser(): { run<T>(task: () => Promise<T>): Promise<T> } {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(task) {
      const result = tail.then(task, task);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
