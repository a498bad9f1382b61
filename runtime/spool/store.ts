/**
 * @module The store as the webhook routes see it with a spool: a webhook the store cannot take for now (the
 * database is away, the SQLite disk is full) is spooled and answered as stored; while anything is spooled,
 * new webhooks join it, so arrival order holds. A full spool leaves the store's own error: 503 as without one.
 */
import type { Store } from "../store/types.ts";
import type { Spool } from "./spool.ts";
import { isStoreAway } from "./spool.ts";

export function spooledStore<S extends Store>(store: S, spool: Spool): S {
  return {
    ...store,
    async enqueueInbound(message, receivedAt) {
      const entry = { v: 1 as const, kind: "inbound" as const, at: receivedAt, message };
      if (spool.pending(message.from) && (await spool.append(entry))) return true;
      try {
        return await store.enqueueInbound(message, receivedAt);
      } catch (error) {
        if (isStoreAway(error) && (await spool.append(entry))) return true;
        throw error;
      }
    },
    async recordStatus(sid, event) {
      const entry = { v: 1 as const, kind: "status" as const, at: event.at, sid, status: event.status, errorCode: event.errorCode };
      // Recorded later, when the database is back; the route answers 200 and does nothing else now.
      const later = { found: true, advanced: false, userId: null, status: event.status };
      if (spool.pending() && (await spool.append(entry))) return later;
      try {
        return await store.recordStatus(sid, event);
      } catch (error) {
        if (isStoreAway(error) && (await spool.append(entry))) return later;
        throw error;
      }
    },
  };
}
