/**
 * @module The PersonalStore, once for both databases: a user's export, their erasure in one transaction
 * (removed or anonymised everywhere, the consent ledger kept under a salted hash, a suppression record when
 * they had opted out), and `recordConsent`, which a step's transaction runs when the opt-in state changes.
 */
import { createHash, randomBytes } from "node:crypto";
import { all, get, json, run } from "../sql/script.ts";
import type { Executor, Script } from "../sql/script.ts";
import type { ConsentChange, ConsentEntry, ConsentSource, EraseResult, PersonalStore, Suppression, UserExport } from "./types.ts";
import * as q from "./statements.ts";

export type * from "./types.ts";

/** The source a stored opt-out reason stands for; null for a state restored from a suppression record (not a new event). */
export function consentSource(change: ConsentChange): ConsentSource | null {
  const reason = change.reason.trim();
  if (reason === "suppression") return null;
  if (/21610/.test(reason)) return "21610";
  if (/^api\b/i.test(reason)) return "API";
  return change.optedOut ? "STOP" : "START";
}

/** A ledger row for a change of opt-in state; part of the caller's transaction. */
export function* recordConsent(change: ConsentChange, at: number): Script<void> {
  const source = consentSource(change);
  if (source === null) return;
  const keyword = source === "STOP" || source === "START" ? change.reason.trim().toUpperCase() || null : null;
  yield* run(q.INSERT_CONSENT, { userId: change.userId, optedIn: change.optedOut ? 0 : 1, source, keyword, sid: change.sid ?? null, at });
}

function* salt(): Script<string> {
  const stored = yield* get<{ salt: string }>(q.SALT);
  if (stored) return stored.salt;
  yield* run(q.INSERT_SALT, { salt: randomBytes(32).toString("hex") });
  return (yield* get<{ salt: string }>(q.SALT))!.salt;
}

/** The salted hash an erased number is known by: the same number always gives the same hash in one database. */
function hashOf(saltValue: string, userId: string): string {
  return createHash("sha256").update(`${saltValue}:${userId}`).digest("hex");
}

interface ConsentRow {
  user_id: string;
  opted_in: number;
  source: ConsentSource;
  keyword: string | null;
  sid: string | null;
  at: number;
}

const toConsent = (row: ConsentRow): ConsentEntry => ({
  userId: row.user_id,
  optedIn: Number(row.opted_in) === 1,
  source: row.source,
  keyword: row.keyword,
  sid: row.sid,
  at: Number(row.at),
});

/** A row as JSON: JSON columns parsed (SQLite hands them back as text), everything else as stored. */
function plain(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] = typeof value === "string" && /^(session|media|status_history|message|parts|patch)$/.test(key) ? json(value) : value;
  }
  return out;
}

function* exportScript(userId: string, now: number): Script<UserExport | null> {
  const user = yield* get<Record<string, unknown>>(q.USER, { userId });
  const messages = yield* all<Record<string, unknown>>(q.MESSAGES, { userId });
  const consent = (yield* all<ConsentRow>(q.CONSENT_OF, { userId })).map(toConsent);
  if (!user && messages.length === 0 && consent.length === 0) return null;
  return {
    userId,
    exportedAt: now,
    user: user ? plain(user) : null,
    messages: messages.map(plain),
    outbox: (yield* all<Record<string, unknown>>(q.OUTBOX, { userId })).map(plain),
    inbound: (yield* all<Record<string, unknown>>(q.INBOUND, { userId })).map(plain),
    broadcastRecipients: (yield* all<Record<string, unknown>>(q.RECIPIENTS, { userId })).map(plain),
    handoffs: (yield* all<Record<string, unknown>>(q.HANDOFFS, { userId })).map(plain),
    consent,
  };
}

function* eraseScript(userId: string, at: number): Script<EraseResult> {
  const user = yield* get<{ opted_out: unknown; opted_out_at: number | null; opt_out_reason: string | null }>(q.USER, { userId });
  const logged = Number((yield* get<{ n: number }>(q.HAS_MESSAGES, { userId }))?.n ?? 0);
  if (!user && logged === 0) return { ok: false, reason: "unknown", message: `no user ${userId} in this database: nothing was changed` };
  const inFlight = Number((yield* get<{ n: number }>(q.IN_FLIGHT, { userId }))?.n ?? 0);
  if (inFlight > 0)
    return {
      ok: false,
      reason: "sending",
      message: `${inFlight} message(s) to ${userId} are being sent or looked up at Twilio right now; erasing would lose what Twilio answers. Nothing was changed: try again in a few seconds.`,
    };
  const hash = hashOf(yield* salt(), userId);
  const erased = `erased:${hash.slice(0, 16)}`;
  const optedOut = user ? user.opted_out === true || Number(user.opted_out) === 1 : false;
  if (optedOut) yield* run(q.UPSERT_SUPPRESSION, { hash, optedOutAt: user?.opted_out_at ?? at, keyword: user?.opt_out_reason ?? null, at });
  yield* run(q.INSERT_CONSENT, { userId, optedIn: optedOut ? 0 : 1, source: "erase", keyword: null, sid: null, at });
  const params = { userId, erased, at, empty: "[]" };
  const counts: Record<string, number> = {};
  counts["consent"] = yield* run(q.ANON_CONSENT, params);
  counts["messages"] = yield* run(q.ANON_MESSAGES, params);
  counts["outbox"] = yield* run(q.ANON_OUTBOX, params);
  counts["inbound"] = yield* run(q.ANON_INBOUND, params);
  counts["broadcastRecipients"] = yield* run(q.ANON_RECIPIENTS, params);
  yield* run(q.ANON_WINDOWS, params);
  yield* run(q.ANON_BROADCAST_OUTBOX, params);
  counts["handoffs"] = yield* run(q.ANON_HANDOFFS, params);
  yield* run(q.DELETE_LOCK, { userId });
  yield* run(q.DELETE_HOLDS, { userId });
  counts["user"] = yield* run(q.DELETE_USER, { userId });
  return { ok: true, erasedAs: erased, suppressed: optedOut, counts };
}

function* suppressionScript(userId: string): Script<Suppression | null> {
  const stored = yield* get<{ salt: string }>(q.SALT);
  if (!stored) return null;
  const row = yield* get<{ hash: string; opted_out_at: number; keyword: string | null; erased_at: number }>(q.SUPPRESSION, {
    hash: hashOf(stored.salt, userId),
  });
  return row ? { hash: row.hash, optedOutAt: Number(row.opted_out_at), keyword: row.keyword, erasedAt: Number(row.erased_at) } : null;
}

export function createPersonalStore(exec: Executor): PersonalStore {
  return {
    exportUser: (userId, now) => exec.transaction(exportScript(userId, now)),
    eraseUser: (userId, at) => exec.transaction(eraseScript(userId, at)),
    suppression: (userId) => exec.auto(suppressionScript(userId)),
    consent: (userId) => exec.auto(all<ConsentRow>(q.CONSENT_OF, { userId })).then((rows) => rows.map(toConsent)),
  };
}
