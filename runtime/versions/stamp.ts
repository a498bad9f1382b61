/** @module Stamps a step's outbox rows with the version that produced it, so their log entries record it when they are sent. Pure. */
import type { Changes } from "../store/index.ts";

export function withVersion<T extends Pick<Changes, "outbox">>(changes: T, version: number | null): T {
  if (version === null || !changes.outbox) return changes;
  return { ...changes, outbox: changes.outbox.map((row) => ({ ...row, version })) };
}
