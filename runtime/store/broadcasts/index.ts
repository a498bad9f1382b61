/**
 * @module The BroadcastStore, once for both databases: broadcasts, their recipients and outbox rows,
 * pacing, runner leases, progress and log search. On PostgreSQL a lease names the runner's process
 * liveness key, so a peer takes it over as soon as that process is gone; on SQLite (one machine) the
 * runner's pid says so.
 */
import type {
  AcquireResult,
  BroadcastProgress,
  BroadcastRecord,
  BroadcastState,
  BroadcastStore,
  Lease,
  NewBroadcast,
  NewRecipient,
  ReleaseOptions,
  RenderedPart,
  SenderType,
  SessionPatch,
} from "./types.ts";
import { applyPatch } from "./patch.ts";
import { BROADCAST_LOCK } from "../postgres/locks.ts";
import { outboxFromRow, userFromRow } from "../rows.ts";
import type { OutboxColumns, UserColumns } from "../rows.ts";
import { all, flag, get, json, run } from "../sql/script.ts";
import type { Executor, Script } from "../sql/script.ts";
import type { ClaimDueOptions, ClaimedRows, OutboxRow } from "../types.ts";
import { searchLogs } from "./logs.ts";
import * as q from "./statements.ts";

interface BroadcastRow {
  id: number;
  body: string;
  filters: unknown;
  fingerprint: string;
  origin: "cli" | "api";
  state: BroadcastState;
  sender_type: SenderType;
  rate: number;
  start_at: number;
  recipients: number;
  opted_out: number;
  skipped: number;
  segments: number;
  cost_estimate: number;
  next_due_at: number | null;
  runner_token: string | null;
  runner_pid: number | null;
  runner_host: string | null;
  heartbeat_at: number | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
  holder_gone?: unknown;
}

type UserRow = UserColumns & { session: unknown; opted_out: unknown };
type OutboxRowSql = OutboxColumns & { media: unknown; cancelable: unknown };

function toRecord(row: BroadcastRow): BroadcastRecord {
  return {
    id: row.id,
    body: row.body,
    filters: json<string[]>(row.filters),
    fingerprint: row.fingerprint,
    origin: row.origin,
    state: row.state,
    senderType: row.sender_type,
    rate: row.rate,
    startAt: row.start_at,
    recipients: row.recipients,
    optedOut: row.opted_out,
    skipped: row.skipped,
    segments: row.segments,
    costEstimate: row.cost_estimate,
    runner: row.runner_token === null ? null : { pid: row.runner_pid ?? 0, host: row.runner_host ?? "", heartbeatAt: row.heartbeat_at ?? 0 },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

const final = (state: BroadcastState) => state === "done" || state === "canceled";

export interface BroadcastStoreOptions {
  /** PostgreSQL: this process's liveness key, recorded on the leases and rows it takes; re-taken first if lost. */
  liveness?: { readonly key: number; ensure(): Promise<void> } | null;
  /** Closes what the store owns (its own connection); nothing when it shares the runtime's. */
  close?: () => Promise<void>;
}

export function createBroadcastStore(exec: Executor, options: BroadcastStoreOptions = {}): BroadcastStore {
  const liveness = options.liveness ?? null;
  const claimer = () => liveness?.key ?? null;
  const serializeFingerprint = q.SERIALIZE_FINGERPRINT(BROADCAST_LOCK);
  const noLimit = exec.dialect.noLimit;

  function* create(
    input: NewBroadcast,
    recipients: NewRecipient[],
    now: number,
    lease: Lease | null,
  ): Script<{ type: "created" | "duplicate"; broadcast: BroadcastRecord }> {
    // Checked inside the write transaction (and, on PostgreSQL, under a lock on the fingerprint), so two starts at once cannot both pass it.
    yield* get(serializeFingerprint, { fingerprint: input.fingerprint });
    const existing = yield* get<BroadcastRow>(q.UNFINISHED, { fingerprint: input.fingerprint });
    if (existing) return { type: "duplicate", broadcast: toRecord(existing) };
    const inserted = yield* get<{ id: number }>(q.INSERT_BROADCAST, {
      ...input,
      filters: JSON.stringify(input.filters),
      state: input.startAt > now ? "scheduled" : "running",
      recipients: recipients.length,
      token: lease?.token ?? null,
      pid: lease?.pid ?? null,
      host: lease?.host ?? null,
      key: lease ? claimer() : null,
      heartbeat: lease ? now : null,
      now,
    });
    const id = inserted!.id;
    for (const [position, r] of recipients.entries()) {
      yield* run(q.INSERT_RECIPIENT, {
        id,
        userId: r.userId,
        position,
        parts: JSON.stringify(r.parts),
        patch: r.patch ? JSON.stringify(r.patch) : null,
        segments: r.segments,
      });
      if (r.window) yield* run(q.INSERT_WINDOW, { id, userId: r.userId, window: r.window });
    }
    return { type: "created", broadcast: toRecord((yield* get<BroadcastRow>(q.BY_ID, { id }))!) };
  }

  function* acquire(id: number, lease: Lease, now: number, staleMs: number, isDead: (pid: number, host: string) => boolean): Script<AcquireResult> {
    const row = yield* get<BroadcastRow>(q.BY_ID_LOCKED, { id });
    if (!row) return { type: "missing" };
    if (final(row.state)) return { type: "final", broadcast: toRecord(row) };
    const holderGone = liveness ? flag(row.holder_gone) : isDead(row.runner_pid ?? 0, row.runner_host ?? "");
    const free = row.runner_token === null || (row.heartbeat_at ?? 0) < now - staleMs || holderGone;
    if (!free) return { type: "busy", broadcast: toRecord(row) };
    const taken = yield* run(q.TAKE_LEASE, { id, ...lease, key: claimer(), now, old: row.runner_token });
    if (taken !== 1) return { type: "busy", broadcast: toRecord(row) };
    return { type: "acquired", broadcast: toRecord((yield* get<BroadcastRow>(q.BY_ID, { id }))!), tookOver: row.runner_token !== null };
  }

  function* release(id: number, token: string, { now, budget, intervalMs, openWindows }: ReleaseOptions) {
    const result = { recipients: 0, rows: 0, optedOut: 0 };
    // Locked on PostgreSQL: a takeover waits for this release to commit, and then sees its cursor.
    const row = yield* get<BroadcastRow>(q.BY_ID_LOCKED, { id });
    if (!row || row.runner_token !== token || final(row.state) || now < row.start_at) return result;
    let dueAt = Math.max(now, row.next_due_at ?? now);
    for (const recipient of yield* all<{ user_id: string; parts: unknown; patch: unknown }>(q.QUEUED, {
      id,
      open: openWindows === undefined ? null : JSON.stringify(openWindows),
      limit: Math.max(1, budget),
    })) {
      const parts = json<RenderedPart[]>(recipient.parts);
      // A recipient's parts go together; the first always fits, so a small budget still makes progress.
      if (result.rows > 0 && result.rows + parts.length > budget) break;
      const userRow = yield* get<UserRow>(q.USER, { id: recipient.user_id });
      const user = userRow ? userFromRow(userRow) : null;
      if (user?.optedOut) {
        yield* run(q.MARK_RECIPIENT, { state: "canceled", reason: "opted out", now, id, userId: recipient.user_id });
        result.optedOut++;
        continue;
      }
      for (const [seq, part] of parts.entries()) {
        const inserted = yield* get<{ id: number }>(q.INSERT_OUTBOX, {
          userId: recipient.user_id,
          body: part.body,
          media: JSON.stringify(part.media),
          // Whole milliseconds (the column is an integer); the cursor keeps the fraction within this release.
          dueAt: Math.round(dueAt + part.delayMs),
          seq,
          // The user texting back must not drop the broadcast itself; only delayed parts follow the body's own rule.
          cancelable: seq > 0 && part.cancelable,
          now,
        });
        yield* run(q.LINK, { outboxId: inserted!.id, id, userId: recipient.user_id });
        dueAt += intervalMs;
        result.rows++;
      }
      if (recipient.patch !== null && user) {
        const session = applyPatch(user.session, recipient.user_id, now, json<SessionPatch>(recipient.patch));
        yield* run(q.WRITE_SESSION, { session: JSON.stringify(session), userId: recipient.user_id });
      }
      yield* run(q.MARK_RECIPIENT, { state: "released", reason: null, now, id, userId: recipient.user_id });
      result.recipients++;
    }
    yield* run(q.SET_CURSOR, { dueAt: Math.round(dueAt), now, id });
    return result;
  }

  function* claimDue(id: number, options: ClaimDueOptions): Script<ClaimedRows> {
    const claimed: ClaimedRows = { rows: [], canceled: [] };
    for (const candidate of yield* all<{ id: number; user_opted_out: unknown }>(q.DUE, { id, now: options.now, limit: options.limit })) {
      const rowId = candidate.id;
      // Opt-out is checked here, at the last moment, whatever path queued the row.
      if (flag(candidate.user_opted_out)) {
        if ((yield* run(q.CANCEL_ROW, { rowId, now: options.now })) === 1) claimed.canceled.push(yield* outboxRow(rowId));
      } else if ((yield* run(q.CLAIM_ROW, { rowId, now: options.now, claimer: claimer() })) === 1) {
        claimed.rows.push(yield* outboxRow(rowId));
      }
    }
    return claimed;
  }

  function* outboxRow(rowId: number): Script<OutboxRow> {
    return outboxFromRow((yield* get<OutboxRowSql>(q.OUTBOX_ROW, { rowId }))!);
  }

  function* claimUnknown(id: number, now: number, retryAt: number, limit: number): Script<OutboxRow[]> {
    const rows = yield* all<OutboxRowSql>(q.UNKNOWN_DUE, { id, now, limit });
    for (const r of rows) yield* run(q.PUSH_UNKNOWN, { retryAt, now, rowId: r.id });
    return rows.map(outboxFromRow);
  }

  function* cancel(id: number, now: number): Script<boolean> {
    const row = yield* get<BroadcastRow>(q.BY_ID_LOCKED, { id });
    if (!row || final(row.state)) return false;
    yield* run(q.CANCEL_RECIPIENTS, { id });
    yield* run(q.CANCEL_PENDING, { id, now });
    yield* run(q.FINISH, { id, now, state: "canceled" });
    return true;
  }

  function* finishIfComplete(id: number, now: number): Script<boolean> {
    const row = yield* get<BroadcastRow>(q.BY_ID_LOCKED, { id });
    if (!row) return false;
    if (final(row.state)) return true;
    if ((yield* get<{ n: number }>(q.LEFT, { id }))!.n > 0) return false;
    yield* run(q.FINISH, { id, now, state: "done" });
    return true;
  }

  function* progress(id: number): Script<BroadcastProgress | null> {
    const row = yield* get<BroadcastRow>(q.BY_ID, { id });
    if (!row) return null;
    const recipients = yield* all<{ state: string; reason: string | null; n: number }>(q.RECIPIENT_COUNTS, { id });
    const rows = yield* all<{ state: string; status: string | null; error_code: number | null; n: number; first: number | null; last: number | null }>(
      q.ROW_COUNTS,
      { id },
    );
    const canceledOptedOut = (yield* get<{ n: number }>(q.CANCELED_OPTED_OUT, { id }))!.n;
    const count = (pick: (r: { state: string; reason: string | null }) => boolean) => recipients.filter(pick).reduce((s, r) => s + r.n, 0);
    const sum = (pick: (r: (typeof rows)[number]) => boolean) => rows.filter(pick).reduce((s, r) => s + r.n, 0);
    const failedDelivery = (r: (typeof rows)[number]) => r.state === "sent" && (r.status === "undelivered" || r.status === "failed");
    const errors = new Map<number | null, number>();
    for (const r of rows.filter((r) => r.state === "failed" || failedDelivery(r))) errors.set(r.error_code, (errors.get(r.error_code) ?? 0) + r.n);
    const sentTimes = rows.filter((r) => r.first !== null);
    return {
      id,
      state: row.state,
      recipients: row.recipients,
      queued: count((r) => r.state === "queued"),
      released: count((r) => r.state === "released"),
      messages: sum(() => true),
      accepted: sum((r) => r.state === "sent"),
      waiting: sum((r) => ["pending", "sending", "unknown"].includes(r.state)),
      delivered: sum((r) => r.state === "sent" && (r.status === "delivered" || r.status === "read")),
      undelivered: sum(failedDelivery),
      failed: sum((r) => r.state === "failed"),
      canceled: sum((r) => r.state === "canceled"),
      optedOut: row.opted_out + count((r) => r.state === "canceled" && r.reason === "opted out") + canceledOptedOut,
      skipped: row.skipped,
      errors: [...errors].map(([code, n]) => ({ code, count: n })).sort((a, b) => b.count - a.count),
      firstSentAt: sentTimes.length ? Math.min(...sentTimes.map((r) => r.first!)) : null,
      lastSentAt: sentTimes.length ? Math.max(...sentTimes.map((r) => r.last!)) : null,
    };
  }

  function* listUsers({ search, limit = 50, offset = 0 }: { search?: string; limit?: number; offset?: number }) {
    const like = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const total = (yield* get<{ n: number }>(q.COUNT_USERS, { like }))!.n;
    const rows = yield* all<UserRow>(q.PAGE_USERS, { like, limit, offset });
    return { users: rows.map(userFromRow), total };
  }

  function* knownVariables(): Script<Set<string>> {
    const names = new Set<string>();
    for (const { session } of yield* all<{ session: unknown }>(q.SESSIONS)) {
      const parsed = json<{ vars?: Record<string, string>; meta?: Record<string, string> }>(session);
      for (const name of [...Object.keys(parsed.vars ?? {}), ...Object.keys(parsed.meta ?? {})]) names.add(name);
    }
    return names;
  }

  const claiming = async <T>(script: Script<T>): Promise<T> => {
    await liveness?.ensure();
    return exec.transaction(script);
  };

  return {
    close: async () => options.close?.(),
    allUsers: async () => (await exec.auto(all<UserRow>(q.ALL_USERS))).map(userFromRow),
    listUsers: (query) => exec.auto(listUsers(query)),
    create: (input, recipients, now, lease) => claiming(create(input, recipients, now, lease)),
    get: async (id) => {
      const row = await exec.auto(get<BroadcastRow>(q.BY_ID, { id }));
      return row ? toRecord(row) : null;
    },
    list: async () => (await exec.auto(all<BroadcastRow>(q.LIST))).map(toRecord),
    findUnfinished: async (fingerprint) => {
      const row = await exec.auto(get<BroadcastRow>(q.UNFINISHED, { fingerprint }));
      return row ? toRecord(row) : null;
    },
    acquire: (id, lease, now, staleMs, isDead) => claiming(acquire(id, lease, now, staleMs, isDead)),
    heartbeat: async (id, token, now) => (await exec.auto(run(q.HEARTBEAT, { id, token, now }))) === 1,
    releaseLease: async (id, token) => void (await exec.auto(run(q.DROP_LEASE, { id, token }))),
    inFlight: async (id, since) => (await exec.auto(get<{ n: number }>(q.IN_FLIGHT, { id, since })))!.n,
    release: (id, token, options) => exec.transaction(release(id, token, options)),
    recoverSending: (id, now, checkAt) => exec.auto(run(q.RECOVER_SENDING, { id, now, checkAt })),
    claimDue: (id, options) => claiming(claimDue(id, options)),
    claimUnknown: (id, now, retryAt, limit) => exec.transaction(claimUnknown(id, now, retryAt, limit)),
    unsettled: async (id, limit) => (await exec.auto(all<OutboxRowSql>(q.UNSETTLED_SENT, { id, limit }))).map(outboxFromRow),
    cancel: (id, now) => exec.transaction(cancel(id, now)),
    finishIfComplete: (id, now) => exec.transaction(finishIfComplete(id, now)),
    progress: (id) => exec.auto(progress(id)),
    searchLogs: (query) => exec.auto(searchLogs(query, noLimit)),
    knownVariables: () => exec.auto(knownVariables()),
    queuedWindows: async (id) =>
      (await exec.auto(all<{ window_key: string; n: number }>(q.QUEUED_WINDOWS, { id }))).map((r) => ({ window: r.window_key, queued: Number(r.n) })),
  };
}
