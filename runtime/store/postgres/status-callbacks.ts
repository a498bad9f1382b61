/** @module Applies Twilio status callbacks on PostgreSQL: the shared rules (../core/status-callbacks.ts) in one transaction, one sid at a time across processes. */
import type pg from "pg";
import { recordStatus } from "../core/status-callbacks.ts";
import type { StatusEvent, StatusResult } from "../types.ts";
import { runOn } from "./exec.ts";
import { withTransaction } from "./tx.ts";

export function recordStatusOn(pool: pg.Pool) {
  return (sid: string, event: StatusEvent): Promise<StatusResult> => withTransaction(pool, (client) => runOn(client, recordStatus(sid, event)));
}
