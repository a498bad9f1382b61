/** @module The SQLite Store (better-sqlite3, WAL): the default, embedded in one runtime process, file under `<bot>/.bot/`. */
import type Database from "better-sqlite3";
import type { BotState } from "../../../engine/types.ts";
import type { MessageLogEntry, OutboxRow, Store } from "../types.ts";
import * as core from "../core/outbox.ts";
import { recordStatus } from "../core/status-callbacks.ts";
import { prepareApply } from "./changes.ts";
import { sqliteExecutor } from "./exec.ts";
import type { ApplyChanges } from "./changes.ts";
import { prepareInbound } from "./inbound.ts";
import { startCheckpointer } from "./checkpointer.ts";
import { openDatabase } from "./open.ts";
import { ATTEMPT_BUSY_MS, LOCK_BOUND_MS, patientStore, unwritableReason } from "./patient.ts";
import type { Readiness } from "./patient.ts";
import type { OpenOptions, SyncLevel } from "./open.ts";
import { prepareOutbox } from "./outbox.ts";
import { prepareSending } from "./sending.ts";
import { toMessage, toOutbox, toUser } from "./rows.ts";
import type { MessageSqlRow, OutboxSqlRow, UserSqlRow } from "./rows.ts";
import { sqliteLoopGuardStore } from "./loop-guard.ts";
import { createHandoffStore } from "../handoffs/index.ts";
import { createGaugeStore } from "../gauges/index.ts";
import { createPersonalStore } from "../personal/index.ts";
import { createOverviewStore } from "../overview/index.ts";

export { openDatabase, describeOpenError } from "./open.ts";
export type { OpenOptions, SyncLevel };
export { migrate, loadMigrations } from "./migrate.ts";

/**
 * Opens (creating and migrating as needed) the database at `file`, or `:memory:`, for the runtime process
 * that serves it; a file gets a background checkpoint worker, stopped by `close`.
 */
export function createSqliteStore(file: string, options: OpenOptions = {}): Store {
  // A short wait inside SQLite per attempt; patientStore waits the rest asynchronously.
  const db = openDatabase(file, { busyTimeoutMs: ATTEMPT_BUSY_MS, ...options });
  let lastFailure: unknown = null;
  const store = patientStore(storeOn(db), (error) => {
    lastFailure = error;
  });
  const probe = db.prepare("INSERT INTO early_status (sid, status, error_code, at) VALUES ('readyz-probe', 'probe', NULL, 0)");
  const unprobe = db.prepare("DELETE FROM early_status WHERE sid = 'readyz-probe'");
  // A real write (a row in and out, committed) finds a full disk, a read-only file or a held lock.
  const probeTx = db.transaction(() => {
    probe.run();
    unprobe.run();
  });
  let busySince: number | null = null;
  const ready = async (): Promise<Readiness> => {
    try {
      probeTx.immediate();
      lastFailure = null;
      busySince = null;
      return { ok: true };
    } catch (error) {
      const code = String((error as { code?: string }).code ?? "");
      if (code.startsWith("SQLITE_BUSY")) {
        // Held by another process: not ready once it has been held past the bound writes wait for.
        busySince ??= Date.now();
        if (Date.now() - busySince < LOCK_BOUND_MS) return { ok: true };
      }
      const reason = unwritableReason(error) ?? unwritableReason(lastFailure);
      return { ok: false, reason: reason ?? `the database cannot be written: ${(error as Error).message}` };
    }
  };
  const withReady = { ...store, ready } as Store;
  if (file === ":memory:") return withReady;
  const checkpointer = startCheckpointer(db, file, options.synchronous === "full" ? "FULL" : "NORMAL");
  return {
    ...withReady,
    close: async () => {
      await checkpointer.stop();
      await store.close();
    },
  };
}

/** Builds the Store over an open, migrated database (tests use it to prepare crash states). */
export function storeOn(db: Database.Database): Store {
  const prepared = prepareApply(db);
  const bot = botStateCache(db);
  const apply: ApplyChanges = (changes) => {
    if (changes.bot) bot.forget();
    prepared.apply(changes);
  };
  const applyTx = db.transaction(apply);
  const outbox = prepareOutbox(db);
  const exec = sqliteExecutor(db);
  const inbound = prepareInbound(db, apply);
  const sending = prepareSending(db);
  // The list queries' few shapes (by which filters are given), each prepared once: a statement left for the
  // garbage collector can abort the process on Node 24 (./retain.ts).
  const listQueries = new Map<string, Database.Statement<unknown[], unknown>>();
  const listQuery = <Row>(sql: string) => {
    let statement = listQueries.get(sql);
    if (!statement) listQueries.set(sql, (statement = db.prepare<unknown[], unknown>(sql)));
    return statement as Database.Statement<unknown[], Row>;
  };
  const user = db.prepare<unknown[], UserSqlRow>("SELECT * FROM users WHERE id = ?");
  const sidKnown = db.prepare<unknown[], { sid: string }>("SELECT sid FROM outbox WHERE sid = ? AND id <> ?");

  // better-sqlite3 is synchronous; the async surface is the contract PostgreSQL needs.
  return {
    kind: "sqlite",
    loopGuard: sqliteLoopGuardStore(db),
    handoffs: createHandoffStore(exec),
    gauges: createGaugeStore(exec),
    personal: createPersonalStore(exec),
    overview: createOverviewStore(exec),
    close: async () => {
      inbound.flush();
      db.close();
    },
    enqueueInbound: async (message, receivedAt) => inbound.enqueueInbound(message, receivedAt),
    queuedUsers: async (limit) => inbound.queuedUsers(limit),
    nextInbound: async (userId) => inbound.nextInbound(userId),
    startInbound: async (sid) => inbound.startInbound(sid),
    completeInbound: (sid, changes) => inbound.completeInbound(sid, changes),
    isInboundDone: async (sid) => inbound.isInboundDone(sid),
    getUser: async (userId) => {
      const row = user.get(userId);
      return row ? toUser(row) : null;
    },
    getBotState: async () => bot.get(),
    apply: async (changes) => void applyTx(changes),
    claimDue: (options) => exec.transaction(core.claimDue(options, null)),
    claimUnknown: async (now, retryAt, limit) => outbox.claimUnknown(now, retryAt, limit),
    // One process per file: no peer can be gone (`goneAt` is for PostgreSQL), and every row is this process's own,
    // so `ownStaleBefore` holds for all: a row still `sending` past a REST timeout was left by a pass whose database
    // write failed (the disk was full), and is looked up at Twilio then instead of after STUCK_AFTER_MS.
    recoverInterrupted: async (now, staleBefore, reconcileAt, ownStaleBefore) =>
      outbox.recoverInterrupted(
        now,
        staleBefore === undefined || ownStaleBefore === undefined ? staleBefore : Math.max(staleBefore, ownStaleBefore),
        reconcileAt,
      ),
    claimStatusChecks: async (options) => outbox.claimStatusChecks(options),
    markSent: (id, update) => exec.transaction(core.markSent(id, update)),
    markRetry: (id, update) => exec.auto(core.markRetry(id, update)),
    markUnknown: (id, update) => exec.auto(core.markUnknown(id, update)),
    markFailed: (id, update) => exec.transaction(core.markFailed(id, update)),
    cancelIfOptedOut: (id, at) => exec.auto(core.cancelIfOptedOut(id, at)),
    releaseClaim: (id, update) => exec.auto(core.releaseClaim(id, update)),
    markExpired: (id, update) => exec.transaction(core.markExpired(id, update)),
    senderMeter: sending.meter,
    completeReminder: (id, changes) => {
      // This connection's own write: the cached bot state is stale after it.
      if (changes.bot) bot.forget();
      return exec.transaction(core.completeReminder(id, changes));
    },
    recordStatus: (sid, event) => exec.transaction(recordStatus(sid, event)),
    getOutbox: async (id) => outbox.byId(id),
    listOutbox: async (filter = {}) => {
      const where: string[] = [];
      if (filter.userId !== undefined) where.push("user_id = @userId");
      if (filter.state !== undefined) where.push("state = @state");
      const sql = `SELECT * FROM outbox ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY due_at, id`;
      return listQuery<OutboxSqlRow>(sql).all(filter).map(toOutbox) as OutboxRow[];
    },
    listMessages: async (filter = {}) => {
      const where: string[] = [];
      if (filter.userId !== undefined) where.push("user_id = @userId");
      if (filter.direction !== undefined) where.push("direction = @direction");
      const sql = `SELECT * FROM messages ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id LIMIT @limit`;
      return listQuery<MessageSqlRow>(sql)
        .all({ ...filter, limit: filter.limit ?? -1 })
        .map(toMessage) as MessageLogEntry[];
    },
    knownSids: async (sids, exceptId = -1) => new Set(sids.filter((sid) => sidKnown.get(sid, exceptId) !== undefined)),
  };
}

/**
 * The bot state, read once and kept while no other connection writes the file (`PRAGMA data_version`
 * moves only for other connections' commits; this connection's own writes call `forget`). Callers
 * share the object, so it is frozen: the engine copies it before changing anything.
 */
function botStateCache(db: Database.Database): { get(): BotState | null; forget(): void } {
  const read = db.prepare<[], string>("SELECT state FROM bot_state WHERE id = 1").pluck();
  const version = db.prepare<[], number>("PRAGMA data_version").pluck();
  let cached: { version: number; state: BotState | null } | null = null;
  return {
    get() {
      const now = version.get()!;
      if (cached === null || cached.version !== now) {
        const json = read.get();
        cached = { version: now, state: json === undefined ? null : freeze(JSON.parse(json) as BotState) };
      }
      return cached.state;
    },
    forget() {
      cached = null;
    },
  };
}

function freeze(state: BotState): BotState {
  Object.freeze(state.vars);
  Object.freeze(state.globals);
  return Object.freeze(state);
}
