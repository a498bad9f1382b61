/** @module The SQLite BroadcastStore: broadcasts, their recipients and outbox rows, pacing, leases, progress and log search, over the runtime's database. */
import type Database from "better-sqlite3";
import type {
  AcquireResult,
  BroadcastProgress,
  BroadcastRecord,
  BroadcastState,
  BroadcastStore,
  Lease,
  LogQuery,
  LogRecord,
  LogType,
  NewBroadcast,
  NewRecipient,
  ReleaseOptions,
  RenderedPart,
  SenderType,
  SessionPatch,
} from "../../broadcast/types.ts";
import { applyPatch } from "../../broadcast/render.ts";
import type { ClaimDueOptions, ClaimedRows, OutboxRow, StatusEvent } from "../types.ts";
import { openDatabase } from "./open.ts";
import type { OpenOptions } from "./open.ts";
import { toOutbox, toUser } from "./rows.ts";
import type { MessageSqlRow, OutboxSqlRow, UserSqlRow } from "./rows.ts";

interface BroadcastSqlRow {
  id: number;
  body: string;
  filters: string;
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
}

interface RecipientSqlRow {
  user_id: string;
  parts: string;
  patch: string | null;
}

const OF_BROADCAST = "SELECT outbox_id FROM broadcast_outbox WHERE broadcast_id = @id";
const UNSETTLED_STATES = "('pending', 'sending', 'unknown')";

function toRecord(row: BroadcastSqlRow): BroadcastRecord {
  return {
    id: row.id,
    body: row.body,
    filters: JSON.parse(row.filters) as string[],
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

/** Opens its own connection to the runtime's database file (WAL lets it share the file with `bot run`). */
export function createSqliteBroadcastStore(file: string, options: OpenOptions = {}): BroadcastStore {
  return broadcastStoreOn(openDatabase(file, options), true);
}

export function broadcastStoreOn(db: Database.Database, owned = false): BroadcastStore {
  const byId = db.prepare<unknown[], BroadcastSqlRow>("SELECT * FROM broadcasts WHERE id = ?");
  const insertBroadcast = db.prepare(
    `INSERT INTO broadcasts (body, filters, fingerprint, origin, state, sender_type, rate, start_at, recipients, opted_out, skipped,
       segments, cost_estimate, runner_token, runner_pid, runner_host, heartbeat_at, created_at, updated_at)
     VALUES (@body, @filters, @fingerprint, @origin, @state, @senderType, @rate, @startAt, @recipients, @optedOut, @skipped,
       @segments, @costEstimate, @token, @pid, @host, @heartbeat, @now, @now)`,
  );
  const insertRecipient = db.prepare(
    `INSERT INTO broadcast_recipients (broadcast_id, user_id, position, parts, patch, segments, state)
     VALUES (?, ?, ?, ?, ?, ?, 'queued')`,
  );
  const takeLease = db.prepare(
    `UPDATE broadcasts SET runner_token = @token, runner_pid = @pid, runner_host = @host, heartbeat_at = @now, updated_at = @now
     WHERE id = @id AND runner_token IS @old`,
  );
  const heartbeat = db.prepare("UPDATE broadcasts SET heartbeat_at = ? WHERE id = ? AND runner_token = ?");
  const dropLease = db.prepare(
    "UPDATE broadcasts SET runner_token = NULL, runner_pid = NULL, runner_host = NULL, heartbeat_at = NULL WHERE id = ? AND runner_token = ?",
  );
  const inFlight = db.prepare<unknown[], { n: number }>(
    `SELECT COUNT(*) AS n FROM broadcast_outbox b JOIN outbox o ON o.id = b.outbox_id
     WHERE b.broadcast_id = @id AND (o.state IN ${UNSETTLED_STATES} OR (o.sent_at IS NOT NULL AND o.sent_at >= @since))`,
  );
  // Quiet hours: with `open` (a JSON array of window keys), recipients whose window is closed stay queued.
  const queued = db.prepare<unknown[], RecipientSqlRow>(
    `SELECT r.user_id, r.parts, r.patch FROM broadcast_recipients r
     LEFT JOIN broadcast_recipient_windows w ON w.broadcast_id = r.broadcast_id AND w.user_id = r.user_id
     WHERE r.broadcast_id = @id AND r.state = 'queued'
       AND (@open IS NULL OR w.window_key IS NULL OR w.window_key IN (SELECT value FROM json_each(@open)))
     ORDER BY r.position LIMIT @limit`,
  );
  const insertWindow = db.prepare("INSERT INTO broadcast_recipient_windows (broadcast_id, user_id, window_key) VALUES (?, ?, ?)");
  const queuedWindows = db.prepare<unknown[], { window_key: string; n: number }>(
    `SELECT w.window_key, COUNT(*) AS n FROM broadcast_recipient_windows w
     JOIN broadcast_recipients r ON r.broadcast_id = w.broadcast_id AND r.user_id = w.user_id
     WHERE w.broadcast_id = ? AND r.state = 'queued' GROUP BY w.window_key ORDER BY w.window_key`,
  );
  const userRow = db.prepare<unknown[], UserSqlRow>("SELECT * FROM users WHERE id = ?");
  const insertOutbox = db.prepare(
    `INSERT INTO outbox (user_id, kind, name, body, media, due_at, seq, cancelable, state, next_attempt_at, created_at, updated_at)
     VALUES (@userId, 'broadcast', NULL, @body, @media, @dueAt, @seq, @cancelable, 'pending', @dueAt, @now, @now)`,
  );
  const link = db.prepare("INSERT INTO broadcast_outbox (outbox_id, broadcast_id, user_id) VALUES (?, ?, ?)");
  const markRecipient = db.prepare(
    "UPDATE broadcast_recipients SET state = ?, reason = ?, released_at = ? WHERE broadcast_id = ? AND user_id = ? AND state = 'queued'",
  );
  const writeSession = db.prepare("UPDATE users SET session = ? WHERE id = ?");
  const setCursor = db.prepare("UPDATE broadcasts SET next_due_at = ?, state = 'running', updated_at = ? WHERE id = ?");
  const cancelRow = db.prepare(`UPDATE outbox SET state = 'canceled', error = 'opted out', updated_at = @now WHERE id = @rowId AND state = 'pending'`);
  const claimRow = db.prepare(`UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = @now WHERE id = @rowId AND state = 'pending'`);
  const outboxById = db.prepare<unknown[], OutboxSqlRow>("SELECT * FROM outbox WHERE id = ?");
  // A recipient's parts go in order: a part waits while an earlier one of the same broadcast is unsettled.
  const due = db.prepare<unknown[], OutboxSqlRow & { user_opted_out: number }>(
    `SELECT o.*, COALESCE(u.opted_out, 0) AS user_opted_out
     FROM broadcast_outbox b JOIN outbox o ON o.id = b.outbox_id LEFT JOIN users u ON u.id = o.user_id
     WHERE b.broadcast_id = @id AND o.state = 'pending' AND o.due_at <= @now AND o.next_attempt_at <= @now
       AND NOT EXISTS (SELECT 1 FROM broadcast_outbox b2 JOIN outbox p ON p.id = b2.outbox_id
                       WHERE b2.broadcast_id = @id AND b2.user_id = o.user_id AND b2.outbox_id < o.id AND p.state IN ${UNSETTLED_STATES})
     ORDER BY o.due_at, o.id LIMIT @limit`,
  );
  const unknownDue = db.prepare<unknown[], OutboxSqlRow>(
    `SELECT * FROM outbox WHERE state = 'unknown' AND next_attempt_at <= @now AND id IN (${OF_BROADCAST}) ORDER BY id LIMIT @limit`,
  );
  const pushUnknown = db.prepare("UPDATE outbox SET next_attempt_at = ?, updated_at = ? WHERE id = ?");

  const unfinished = db.prepare<unknown[], BroadcastSqlRow>(
    "SELECT * FROM broadcasts WHERE fingerprint = ? AND state IN ('scheduled', 'running') ORDER BY id LIMIT 1",
  );
  const create = db.transaction(
    (input: NewBroadcast, recipients: NewRecipient[], now: number, lease: Lease | null): { type: "created" | "duplicate"; broadcast: BroadcastRecord } => {
      // Checked inside the write transaction, so two starts at once cannot both pass it.
      const existing = unfinished.get(input.fingerprint);
      if (existing) return { type: "duplicate", broadcast: toRecord(existing) };
      const id = Number(
        insertBroadcast.run({
          ...input,
          filters: JSON.stringify(input.filters),
          state: input.startAt > now ? "scheduled" : "running",
          recipients: recipients.length,
          token: lease?.token ?? null,
          pid: lease?.pid ?? null,
          host: lease?.host ?? null,
          heartbeat: lease ? now : null,
          now,
        }).lastInsertRowid,
      );
      recipients.forEach((r, position) => {
        insertRecipient.run(id, r.userId, position, JSON.stringify(r.parts), r.patch ? JSON.stringify(r.patch) : null, r.segments);
        if (r.window) insertWindow.run(id, r.userId, r.window);
      });
      return { type: "created", broadcast: toRecord(byId.get(id)!) };
    },
  );

  const acquire = db.transaction((id: number, lease: Lease, now: number, staleMs: number, isDead: (pid: number, host: string) => boolean): AcquireResult => {
    const row = byId.get(id);
    if (!row) return { type: "missing" };
    if (row.state === "done" || row.state === "canceled") return { type: "final", broadcast: toRecord(row) };
    const free = row.runner_token === null || (row.heartbeat_at ?? 0) < now - staleMs || isDead(row.runner_pid ?? 0, row.runner_host ?? "");
    if (!free) return { type: "busy", broadcast: toRecord(row) };
    if (takeLease.run({ id, ...lease, now, old: row.runner_token }).changes !== 1) return { type: "busy", broadcast: toRecord(row) };
    return { type: "acquired", broadcast: toRecord(byId.get(id)!), tookOver: row.runner_token !== null };
  });

  const release = db.transaction((id: number, token: string, { now, budget, intervalMs, openWindows }: ReleaseOptions) => {
    const result = { recipients: 0, rows: 0, optedOut: 0 };
    const row = byId.get(id);
    if (!row || row.runner_token !== token || (row.state !== "running" && row.state !== "scheduled") || now < row.start_at) return result;
    let dueAt = Math.max(now, row.next_due_at ?? now);
    const open = openWindows === undefined ? null : JSON.stringify(openWindows);
    for (const recipient of queued.all({ id, open, limit: Math.max(1, budget) })) {
      const parts = JSON.parse(recipient.parts) as RenderedPart[];
      // A recipient's parts go together; the first always fits, so a small budget still makes progress.
      if (result.rows > 0 && result.rows + parts.length > budget) break;
      const user = userRow.get(recipient.user_id);
      if (user?.opted_out === 1) {
        markRecipient.run("canceled", "opted out", now, id, recipient.user_id);
        result.optedOut++;
        continue;
      }
      parts.forEach((part, seq) => {
        const outboxId = Number(
          insertOutbox.run({
            userId: recipient.user_id,
            body: part.body,
            media: JSON.stringify(part.media),
            dueAt: dueAt + part.delayMs,
            seq,
            // The user texting back must not drop the broadcast itself; only delayed parts follow the body's own rule.
            cancelable: seq > 0 && part.cancelable ? 1 : 0,
            now,
          }).lastInsertRowid,
        );
        link.run(outboxId, id, recipient.user_id);
        dueAt += intervalMs;
        result.rows++;
      });
      if (recipient.patch !== null && user) {
        const session = applyPatch(toUser(user).session, recipient.user_id, now, JSON.parse(recipient.patch) as SessionPatch);
        writeSession.run(JSON.stringify(session), recipient.user_id);
      }
      markRecipient.run("released", null, now, id, recipient.user_id);
      result.recipients++;
    }
    setCursor.run(dueAt, now, id);
    return result;
  });

  const claimDue = db.transaction((id: number, options: ClaimDueOptions): ClaimedRows => {
    const claimed: ClaimedRows = { rows: [], canceled: [] };
    for (const candidate of due.all({ id, now: options.now, limit: options.limit })) {
      if (candidate.user_opted_out === 1) {
        cancelRow.run({ rowId: candidate.id, now: options.now });
        claimed.canceled.push(toOutbox(outboxById.get(candidate.id)!));
      } else if (claimRow.run({ rowId: candidate.id, now: options.now }).changes === 1) {
        claimed.rows.push(toOutbox(outboxById.get(candidate.id)!));
      }
    }
    return claimed;
  });

  const claimUnknown = db.transaction((id: number, now: number, retryAt: number, limit: number): OutboxRow[] => {
    const rows = unknownDue.all({ id, now, limit });
    for (const r of rows) pushUnknown.run(retryAt, now, r.id);
    return rows.map(toOutbox);
  });

  const cancel = db.transaction((id: number, now: number): boolean => {
    const row = byId.get(id);
    if (!row || row.state === "done" || row.state === "canceled") return false;
    db.prepare("UPDATE broadcast_recipients SET state = 'canceled', reason = 'broadcast canceled' WHERE broadcast_id = ? AND state = 'queued'").run(id);
    db.prepare(`UPDATE outbox SET state = 'canceled', error = 'broadcast canceled', updated_at = @now WHERE state = 'pending' AND id IN (${OF_BROADCAST})`).run(
      { id, now },
    );
    db.prepare(
      "UPDATE broadcasts SET state = 'canceled', finished_at = ?, updated_at = ?, runner_token = NULL, runner_pid = NULL, runner_host = NULL WHERE id = ?",
    ).run(now, now, id);
    return true;
  });

  const finishIfComplete = db.transaction((id: number, now: number): boolean => {
    const row = byId.get(id);
    if (!row) return false;
    if (row.state === "done" || row.state === "canceled") return true;
    const left = db
      .prepare<unknown[], { n: number }>(
        `SELECT (SELECT COUNT(*) FROM broadcast_recipients WHERE broadcast_id = @id AND state = 'queued')
            + (SELECT COUNT(*) FROM outbox WHERE state IN ${UNSETTLED_STATES} AND id IN (${OF_BROADCAST})) AS n`,
      )
      .get({ id })!.n;
    if (left > 0) return false;
    db.prepare(
      "UPDATE broadcasts SET state = 'done', finished_at = ?, updated_at = ?, runner_token = NULL, runner_pid = NULL, runner_host = NULL WHERE id = ?",
    ).run(now, now, id);
    return true;
  });

  return {
    close: async () => {
      if (owned) db.close();
    },
    allUsers: async () => db.prepare<unknown[], UserSqlRow>("SELECT * FROM users ORDER BY first_seen_at, id").all().map(toUser),
    listUsers: async ({ search, limit = 50, offset = 0 }) => {
      const where = search ? "WHERE id LIKE @like ESCAPE '\\' OR session LIKE @like ESCAPE '\\'" : "";
      const like = `%${(search ?? "").replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const total = db.prepare<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM users ${where}`).get({ like })!.n;
      const rows = db
        .prepare<unknown[], UserSqlRow>(`SELECT * FROM users ${where} ORDER BY last_seen_at DESC, id LIMIT @limit OFFSET @offset`)
        .all({ like, limit, offset });
      return { users: rows.map(toUser), total };
    },
    create: async (input, recipients, now, lease) => create(input, recipients, now, lease),
    get: async (id) => {
      const row = byId.get(id);
      return row ? toRecord(row) : null;
    },
    list: async () => db.prepare<unknown[], BroadcastSqlRow>("SELECT * FROM broadcasts ORDER BY id DESC").all().map(toRecord),
    findUnfinished: async (fingerprint) => {
      const row = unfinished.get(fingerprint);
      return row ? toRecord(row) : null;
    },
    acquire: async (id, lease, now, staleMs, isDead) => acquire(id, lease, now, staleMs, isDead),
    heartbeat: async (id, token, now) => heartbeat.run(now, id, token).changes === 1,
    releaseLease: async (id, token) => void dropLease.run(id, token),
    queuedWindows: async (id) => queuedWindows.all(id).map((r) => ({ window: r.window_key, queued: r.n })),
    inFlight: async (id, since) => inFlight.get({ id, since })!.n,
    release: async (id, token, options) => release(id, token, options),
    recoverSending: async (id, now, checkAt) =>
      db
        .prepare(
          `UPDATE outbox SET state = 'unknown', error = 'interrupted while sending (the broadcast runner stopped)', next_attempt_at = @checkAt,
           updated_at = @now WHERE state = 'sending' AND id IN (${OF_BROADCAST})`,
        )
        .run({ id, now, checkAt }).changes,
    claimDue: async (id, options) => claimDue(id, options),
    claimUnknown: async (id, now, retryAt, limit) => claimUnknown(id, now, retryAt, limit),
    unsettled: async (id, limit) =>
      db
        .prepare<unknown[], OutboxSqlRow>(
          `SELECT * FROM outbox WHERE state = 'sent' AND sid IS NOT NULL AND status_rank < 4 AND id IN (${OF_BROADCAST}) ORDER BY sent_at LIMIT @limit`,
        )
        .all({ id, limit })
        .map(toOutbox),
    cancel: async (id, now) => cancel(id, now),
    finishIfComplete: async (id, now) => finishIfComplete(id, now),
    progress: async (id) => progressOf(db, id),
    searchLogs: async (query) => searchLogs(db, query),
    knownVariables: async () => {
      const names = new Set<string>();
      for (const { session } of db.prepare<unknown[], { session: string }>("SELECT session FROM users WHERE session IS NOT NULL").all()) {
        const parsed = JSON.parse(session) as { vars?: Record<string, string>; meta?: Record<string, string> };
        for (const name of [...Object.keys(parsed.vars ?? {}), ...Object.keys(parsed.meta ?? {})]) names.add(name);
      }
      return names;
    },
  };
}

function progressOf(db: Database.Database, id: number): BroadcastProgress | null {
  const row = db.prepare<unknown[], BroadcastSqlRow>("SELECT * FROM broadcasts WHERE id = ?").get(id);
  if (!row) return null;
  const recipients = db
    .prepare<unknown[], { state: string; reason: string | null; n: number }>(
      "SELECT state, reason, COUNT(*) AS n FROM broadcast_recipients WHERE broadcast_id = ? GROUP BY state, reason",
    )
    .all(id);
  const count = (pick: (r: { state: string; reason: string | null }) => boolean) => recipients.filter(pick).reduce((s, r) => s + r.n, 0);
  const rows = db
    .prepare<unknown[], { state: string; status: string | null; error_code: number | null; n: number; first: number | null; last: number | null }>(
      `SELECT o.state, o.status, o.error_code, COUNT(*) AS n, MIN(o.sent_at) AS first, MAX(o.sent_at) AS last
     FROM broadcast_outbox b JOIN outbox o ON o.id = b.outbox_id WHERE b.broadcast_id = ? GROUP BY o.state, o.status, o.error_code`,
    )
    .all(id);
  // Rows canceled at claim time because their user opted out after being released.
  const canceledOptedOut = db
    .prepare<unknown[], { n: number }>(
      `SELECT COUNT(*) AS n FROM broadcast_outbox b JOIN outbox o ON o.id = b.outbox_id WHERE b.broadcast_id = ? AND o.state = 'canceled' AND o.error = 'opted out'`,
    )
    .get(id)!.n;
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

function searchLogs(db: Database.Database, query: LogQuery): LogRecord[] {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: query.limit ?? -1 };
  const filter = (clause: string, name: string, value: unknown): void => {
    if (value === undefined) return;
    where.push(clause);
    params[name] = value;
  };
  filter("m.user_id = @userId", "userId", query.userId);
  filter("m.created_at >= @since", "since", query.since);
  filter("m.created_at <= @until", "until", query.until);
  filter("m.status = @status", "status", query.status);
  filter("b.broadcast_id = @broadcastId", "broadcastId", query.broadcastId);
  if (query.text !== undefined && query.text !== "") {
    where.push("m.body LIKE @text ESCAPE '\\'");
    params.text = `%${query.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  if (query.type === "inbound") where.push("m.direction = 'in'");
  if (query.type === "broadcast") where.push("m.direction = 'out' AND b.broadcast_id IS NOT NULL");
  if (query.type === "response") where.push("m.direction = 'out' AND b.broadcast_id IS NULL");
  const sql = `SELECT m.*, b.broadcast_id FROM messages m LEFT JOIN broadcast_outbox b ON b.outbox_id = m.outbox_id
    ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY m.created_at ${query.newestFirst ? "DESC" : "ASC"}, m.id ${query.newestFirst ? "DESC" : "ASC"} LIMIT @limit`;
  return db
    .prepare<unknown[], MessageSqlRow & { broadcast_id: number | null }>(sql)
    .all(params)
    .map((m) => {
      const type: LogType = m.direction === "in" ? "inbound" : m.broadcast_id !== null ? "broadcast" : "response";
      return {
        id: m.id,
        at: m.created_at,
        userId: m.user_id,
        direction: m.direction as "in" | "out",
        type,
        body: m.body,
        media: JSON.parse(m.media) as string[],
        sid: m.sid,
        status: m.status,
        statusHistory: JSON.parse(m.status_history) as StatusEvent[],
        segments: m.segments,
        encoding: m.encoding,
        errorCode: m.error_code,
        priceEstimate: m.price_estimate,
        broadcastId: m.broadcast_id,
      };
    });
}
