/** @module Inbound idempotency on SQLite: an in-process reservation while the step runs, and the `done` row written in the step's own commit. */
import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import type { Changes } from "../types.ts";
import type { ApplyChanges } from "./changes.ts";

interface Reservation {
  token: string;
  userId: string;
  claimedAt: number;
}

interface Waiting {
  sid: string;
  token: string;
  changes: Changes;
  resolve(committed: boolean): void;
  reject(error: unknown): void;
}

export interface InboundMethods {
  claimInbound(sid: string, userId: string, now: number, leaseMs: number): string | null;
  commitInbound(sid: string, token: string, changes: Changes): Promise<boolean>;
  releaseInbound(sid: string, token: string): void;
  isInboundDone(sid: string): boolean;
  /** Commits what is waiting now (before the database closes). */
  flush(): void;
}

/** Bounds how long one group commit holds the event loop when a burst queues many steps. */
const MAX_GROUP = 128;

/**
 * One runtime process serves a SQLite file, so a claim in flight need not be a row: a reservation in
 * memory keeps replays out while the engine runs, and dies with the process, so Twilio's retry after a
 * crash runs the message. Only a finished message is written, as a `done` row inside the transaction that
 * writes everything the step changed. The row's primary key still guards that commit, so even a second
 * process on the same file could not commit a sid twice.
 *
 * Steps that finish in the same turn of the event loop share one transaction (group commit), and every
 * caller is answered after that commit. Under light load a group is one step, and the wait is one
 * `setImmediate`.
 */
export function prepareInbound(db: Database.Database, apply: ApplyChanges): InboundMethods {
  const reserved = new Map<string, Reservation>();
  const done = db.prepare<[string], number>("SELECT 1 FROM inbound WHERE sid = ? AND state = 'done'").pluck();
  // A 'processing' row can only be left by an older runtime version that persisted claims; its worker is gone.
  const finish = db.prepare<[string, string, string, number, number]>(
    `INSERT INTO inbound (sid, user_id, state, token, claimed_at, done_at) VALUES (?, ?, 'done', ?, ?, ?)
     ON CONFLICT (sid) DO UPDATE SET state = 'done', token = excluded.token, claimed_at = excluded.claimed_at,
       done_at = excluded.done_at WHERE inbound.state = 'processing'`,
  );

  const commitStep = (sid: string, token: string, changes: Changes): boolean => {
    const reservation = reserved.get(sid);
    if (reservation?.token !== token) return false;
    if (finish.run(sid, reservation.userId, token, reservation.claimedAt, changes.at).changes !== 1) return false;
    apply(changes);
    return true;
  };
  // No savepoint per step: a savepoint makes SQLite journal every page a step touches, a cost paid for a
  // failure that almost never comes. When a step does fail, the group is rolled back and run again one
  // step per transaction, so only the failing step is lost.
  const commitGroup = db.transaction((group: Waiting[]) => group.map((step) => commitStep(step.sid, step.token, step.changes)));
  const commitAlone = db.transaction(commitStep);

  const settle = (step: Waiting, committed: boolean): void => {
    // Committed, or lost to a takeover or another connection's commit: either way this reservation is over.
    drop(step.sid, step.token);
    step.resolve(committed);
  };

  const waiting: Waiting[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    const group = waiting.splice(0, MAX_GROUP);
    if (waiting.length > 0) schedule();
    if (group.length === 0) return;
    let outcomes: boolean[];
    try {
      outcomes = commitGroup.immediate(group);
    } catch (error) {
      if (group.length === 1) group[0]!.reject(error);
      else for (const step of group) commitOnItsOwn(step);
      return;
    }
    group.forEach((step, i) => settle(step, outcomes[i]!));
  };
  const commitOnItsOwn = (step: Waiting): void => {
    try {
      settle(step, commitAlone.immediate(step.sid, step.token, step.changes));
    } catch (error) {
      // Nothing of this step was written; its caller gives the reservation back, so Twilio's retry runs it.
      step.reject(error);
    }
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };

  const drop = (sid: string, token: string): void => {
    if (reserved.get(sid)?.token === token) reserved.delete(sid);
  };

  return {
    claimInbound(sid, userId, now, leaseMs) {
      const held = reserved.get(sid);
      // A reservation that outlived its lease belongs to a step that never finished (hung): take it over.
      if (held !== undefined && held.claimedAt > now - leaseMs) return null;
      if (done.get(sid) !== undefined) return null;
      const token = randomUUID();
      reserved.set(sid, { token, userId, claimedAt: now });
      return token;
    },
    commitInbound(sid, token, changes) {
      return new Promise<boolean>((resolve, reject) => {
        waiting.push({ sid, token, changes, resolve, reject });
        schedule();
      });
    },
    releaseInbound: drop,
    isInboundDone: (sid) => done.get(sid) !== undefined,
    flush() {
      while (waiting.length > 0) flush();
    },
  };
}
