/** @module A view of the Store that shows the dispatcher only one broadcast's rows, so `bot broadcast` sends nothing else (no replies, no reminders). */
import type { Store } from "../store/index.ts";
import type { BroadcastStore } from "../store/broadcasts/types.ts";

export function scopedStore(store: Store, broadcasts: BroadcastStore, id: number): Store {
  const overrides: Partial<Store> = {
    // Its rows are all broadcast rows: a claim for other kinds only (the sender has room for replies alone) finds none.
    claimDue: async (options) => (options.kinds && !options.kinds.includes("broadcast") ? { rows: [], canceled: [] } : broadcasts.claimDue(id, options)),
    claimUnknown: (now, retryAt, limit) => broadcasts.claimUnknown(id, now, retryAt, limit),
    // Recovery of this broadcast's rows happens when its lease is taken over (recoverSending), never store-wide:
    // another process may be sending other rows right now.
    recoverInterrupted: async () => 0,
    // A broadcast sends one message per recipient: nothing of its own waits on a status.
    claimStatusChecks: undefined,
  };
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key in overrides) return overrides[key as keyof Store];
      const value = Reflect.get(target, key, receiver) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
