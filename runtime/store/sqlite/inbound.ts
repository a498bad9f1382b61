/** @module The inbound queue on SQLite: a `queued` row per accepted webhook, marked `done` in the step's own commit; both grouped. */
import type Database from "better-sqlite3";
import type { Changes, QueuedInbound, QueuedMessage } from "../types.ts";
import type { ApplyChanges } from "./changes.ts";

/** A webhook's row to store, or a step to commit; each caller is answered after the commit that holds it. */
type Waiting =
  | { type: "enqueue"; message: QueuedMessage; receivedAt: number; resolve(stored: boolean): void; reject(error: unknown): void }
  | { type: "step"; sid: string; changes: Changes; resolve(committed: boolean): void; reject(error: unknown): void };

export interface InboundMethods {
  enqueueInbound(message: QueuedMessage, receivedAt: number): Promise<boolean>;
  queuedUsers(limit: number): string[];
  nextInbound(userId: string): QueuedInbound | null;
  startInbound(sid: string): number;
  completeInbound(sid: string, changes: Changes): Promise<boolean>;
  isInboundDone(sid: string): boolean;
  /** Commits what is waiting now (before the database closes). */
  flush(): void;
}

/** Bounds how long one group commit holds the event loop when a burst queues many steps. */
const MAX_GROUP = 128;

/**
 * A webhook's insert is committed before the webhook answers, so an accepted message survives a crash
 * before it runs. Inserts and finished steps that arrive in the same turn of the event loop share one
 * transaction (group commit), and every caller is answered after that commit: under load one commit
 * stores many webhooks and completes many steps, which keeps the queue as cheap as the step run inside
 * the webhook was (`npm run bench:scale` measures both). Under light load a group is one insert or one
 * step, and the wait is one `setImmediate`. The `state = 'queued'` guard makes a second commit of a sid
 * write nothing.
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
  // Its own transaction, committed at once: the count must survive the run it announces.
  const start = db.prepare<[string], number>("UPDATE inbound SET attempts = attempts + 1 WHERE sid = ? AND state = 'queued' RETURNING attempts").pluck();
  const finish = db.prepare<[number, string]>("UPDATE inbound SET state = 'done', done_at = ?, message = NULL WHERE sid = ? AND state = 'queued'");

  const store = (message: QueuedMessage, receivedAt: number): boolean =>
    insert.run(message.sid, message.from, JSON.stringify(message), receivedAt).changes === 1;
  const commitStep = (sid: string, changes: Changes): boolean => {
    if (finish.run(changes.at, sid).changes !== 1) return false;
    apply(changes);
    return true;
  };
  const run = (entry: Waiting): boolean => (entry.type === "enqueue" ? store(entry.message, entry.receivedAt) : commitStep(entry.sid, entry.changes));
  // No savepoint per entry: a savepoint makes SQLite journal every page an entry touches, a cost paid for a
  // failure that almost never comes. When an entry does fail, the group is rolled back and run again one
  // entry per transaction, so only the failing one is lost (a step's row stays queued and runs again; a
  // webhook whose insert failed is answered with the error, and Twilio retries it).
  const commitGroup = db.transaction((group: Waiting[]) => group.map(run));
  const commitAlone = db.transaction(run);

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
      else for (const entry of group) commitOnItsOwn(entry);
      return;
    }
    group.forEach((entry, i) => entry.resolve(outcomes[i]!));
  };
  const commitOnItsOwn = (entry: Waiting): void => {
    try {
      entry.resolve(commitAlone.immediate(entry));
    } catch (error) {
      entry.reject(error);
    }
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };
  const enqueue = (entry: Waiting): void => {
    waiting.push(entry);
    schedule();
  };

  return {
    enqueueInbound: (message, receivedAt) => new Promise<boolean>((resolve, reject) => enqueue({ type: "enqueue", message, receivedAt, resolve, reject })),
    queuedUsers: (limit) => users.all(limit),
    nextInbound(userId) {
      const row = next.get(userId);
      return row ? { seq: row.seq, message: JSON.parse(row.message) as QueuedMessage, receivedAt: row.received_at } : null;
    },
    startInbound: (sid) => start.get(sid) ?? 0,
    completeInbound(sid, changes) {
      return new Promise<boolean>((resolve, reject) => enqueue({ type: "step", sid, changes, resolve, reject }));
    },
    isInboundDone: (sid) => done.get(sid) !== undefined,
    flush() {
      while (waiting.length > 0) flush();
    },
  };
}
