/** @module The inbound queue on SQLite: a `queued` row per accepted webhook, marked `done` in the step's own commit (grouped). */
import type Database from "better-sqlite3";
import type { Changes, QueuedInbound, QueuedMessage } from "../types.ts";
import type { ApplyChanges } from "./changes.ts";

interface Waiting {
  sid: string;
  changes: Changes;
  resolve(committed: boolean): void;
  reject(error: unknown): void;
}

export interface InboundMethods {
  enqueueInbound(message: QueuedMessage, receivedAt: number): boolean;
  queuedUsers(limit: number): string[];
  nextInbound(userId: string): QueuedInbound | null;
  completeInbound(sid: string, changes: Changes): Promise<boolean>;
  isInboundDone(sid: string): boolean;
  /** Commits what is waiting now (before the database closes). */
  flush(): void;
}

/** Bounds how long one group commit holds the event loop when a burst queues many steps. */
const MAX_GROUP = 128;

/**
 * The webhook's insert is its own (small) commit, so an accepted message survives a crash before it runs.
 * Steps that finish in the same turn of the event loop share one transaction (group commit), and every
 * caller is answered after that commit. Under light load a group is one step, and the wait is one
 * `setImmediate`. The `state = 'queued'` guard makes a second commit of a sid write nothing.
 */
export function prepareInbound(db: Database.Database, apply: ApplyChanges): InboundMethods {
  const insert = db.prepare<[string, string, string, number]>(
    `INSERT INTO inbound (sid, user_id, state, message, received_at) VALUES (?, ?, 'queued', ?, ?) ON CONFLICT (sid) DO NOTHING`,
  );
  const users = db.prepare<[number], string>("SELECT user_id FROM inbound WHERE state = 'queued' GROUP BY user_id ORDER BY MIN(seq) LIMIT ?").pluck();
  const next = db.prepare<[string], { seq: number; message: string; received_at: number }>(
    "SELECT seq, message, received_at FROM inbound WHERE user_id = ? AND state = 'queued' ORDER BY seq LIMIT 1",
  );
  const done = db.prepare<[string], number>("SELECT 1 FROM inbound WHERE sid = ? AND state = 'done'").pluck();
  const finish = db.prepare<[number, string]>("UPDATE inbound SET state = 'done', done_at = ?, message = NULL WHERE sid = ? AND state = 'queued'");

  const commitStep = (sid: string, changes: Changes): boolean => {
    if (finish.run(changes.at, sid).changes !== 1) return false;
    apply(changes);
    return true;
  };
  // No savepoint per step: a savepoint makes SQLite journal every page a step touches, a cost paid for a
  // failure that almost never comes. When a step does fail, the group is rolled back and run again one
  // step per transaction, so only the failing step is lost (its row stays queued and runs again).
  const commitGroup = db.transaction((group: Waiting[]) => group.map((step) => commitStep(step.sid, step.changes)));
  const commitAlone = db.transaction(commitStep);

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
    group.forEach((step, i) => step.resolve(outcomes[i]!));
  };
  const commitOnItsOwn = (step: Waiting): void => {
    try {
      step.resolve(commitAlone.immediate(step.sid, step.changes));
    } catch (error) {
      step.reject(error);
    }
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };

  return {
    enqueueInbound: (message, receivedAt) => insert.run(message.sid, message.from, JSON.stringify(message), receivedAt).changes === 1,
    queuedUsers: (limit) => users.all(limit),
    nextInbound(userId) {
      const row = next.get(userId);
      return row ? { seq: row.seq, message: JSON.parse(row.message) as QueuedMessage, receivedAt: row.received_at } : null;
    },
    completeInbound(sid, changes) {
      return new Promise<boolean>((resolve, reject) => {
        waiting.push({ sid, changes, resolve, reject });
        schedule();
      });
    },
    isInboundDone: (sid) => done.get(sid) !== undefined,
    flush() {
      while (waiting.length > 0) flush();
    },
  };
}
