/**
 * @module The HandoffStore, once for both databases (docs/handoff.md): a handoff per user, opened
 * idempotently, the operator's messages as outbox rows linked to their name, closing with a return topic,
 * and the idle sweep. `applyHandoffChange` is the part an inbound step writes inside its own transaction.
 */
import { newSession } from "../../../engine/index.ts";
import type { Session } from "../../../engine/index.ts";
import { all, flag, get, json, run } from "../sql/script.ts";
import type { Executor, Script } from "../sql/script.ts";
import type {
  CloseInput,
  CloseResult,
  HandoffChange,
  HandoffCloser,
  HandoffMessage,
  HandoffOpener,
  HandoffRecord,
  HandoffState,
  HandoffStore,
  IdleOptions,
  OpenInput,
  OpenResult,
  ReplyInput,
  ReplyResult,
} from "./types.ts";
import * as q from "./statements.ts";

export type * from "./types.ts";

/** Where `^notifyAgent()` parks the user (the engine's own topic for it). */
const HUMAN_TOPIC = "human";

interface HandoffRow {
  id: number;
  user_id: string;
  state: HandoffState;
  reason: string | null;
  opened_by: HandoffOpener;
  opened_at: number;
  assignee: string | null;
  last_user_at: number | null;
  last_agent_at: number | null;
  user_messages: number;
  agent_messages: number;
  return_topic: string | null;
  closed_at: number | null;
  closed_by: HandoffCloser | null;
  updated_at: number;
}

function toRecord(row: HandoffRow): HandoffRecord {
  return {
    id: Number(row.id),
    userId: row.user_id,
    state: row.state,
    reason: row.reason,
    openedBy: row.opened_by,
    openedAt: Number(row.opened_at),
    assignee: row.assignee,
    lastUserAt: row.last_user_at === null ? null : Number(row.last_user_at),
    lastAgentAt: row.last_agent_at === null ? null : Number(row.last_agent_at),
    userMessages: Number(row.user_messages),
    agentMessages: Number(row.agent_messages),
    returnTopic: row.return_topic,
    closedAt: row.closed_at === null ? null : Number(row.closed_at),
    closedBy: row.closed_by,
    updatedAt: Number(row.updated_at),
  };
}

interface UserRow {
  id: string;
  session: unknown;
  opted_out: unknown;
}

/** Sets the session's handoff flag and topic (the engine's own view of a handoff), creating the session if the user has none. */
function* patchSession(user: UserRow, at: number, handoff: boolean, topic: string): Script<void> {
  const stored = user.session === null ? null : json<Session>(user.session);
  const session: Session = stored ? { ...stored } : newSession(user.id, at);
  session.handoff = handoff;
  session.topic = topic;
  yield* run(q.WRITE_SESSION, { userId: user.id, session: JSON.stringify(session) });
}

function* current(userId: string): Script<HandoffRecord | null> {
  const row = yield* get<HandoffRow>(q.CURRENT, { userId });
  return row ? toRecord(row) : null;
}

function* open(input: OpenInput): Script<OpenResult> {
  const user = yield* get<UserRow>(q.USER, { userId: input.userId });
  if (!user) return { type: "unknown-user" };
  const existing = yield* current(input.userId);
  if (existing) return { type: "already-open", handoff: existing };
  const inserted = yield* run(q.INSERT, {
    userId: input.userId,
    state: input.assignee === null ? "waiting" : "active",
    reason: input.reason,
    openedBy: input.openedBy,
    at: input.at,
    assignee: input.assignee,
    returnTopic: input.returnTopic,
  });
  const opened = (yield* current(input.userId))!;
  // Nothing inserted: a concurrent open of the same user committed first, and its row stands.
  if (inserted !== 1) return { type: "already-open", handoff: opened };
  yield* run(q.CANCEL_DELAYED, { userId: input.userId, at: input.at });
  yield* patchSession(user, input.at, true, HUMAN_TOPIC);
  return { type: "opened", handoff: opened };
}

function* queueMessage(handoff: HandoffRecord, body: string, media: string[], agent: string | null, at: number): Script<number> {
  const inserted = yield* get<{ id: number }>(q.INSERT_OUTBOX, { userId: handoff.userId, body, media: JSON.stringify(media), at });
  const outboxId = Number(inserted!.id);
  if (agent !== null) yield* run(q.LINK, { outboxId, id: handoff.id, agent, at });
  return outboxId;
}

function* reply(input: ReplyInput): Script<ReplyResult> {
  const user = yield* get<UserRow>(q.USER, { userId: input.userId });
  if (!user) return { type: "unknown-user" };
  const handoff = yield* current(input.userId);
  if (!handoff) return { type: "not-open", handoff: yield* latest(input.userId) };
  if (flag(user.opted_out)) return { type: "opted-out", handoff };
  const outboxId = yield* queueMessage(handoff, input.body, input.media, input.agent, input.at);
  yield* run(q.AGENT_MESSAGE, { id: handoff.id, agent: input.agent, at: input.at });
  return { type: "queued", outboxId, handoff: toRecord((yield* get<HandoffRow>(q.BY_ID, { id: handoff.id }))!) };
}

function* closeOpen(user: UserRow, handoff: HandoffRecord, at: number, by: HandoffCloser, returnTopic: string): Script<HandoffRecord | null> {
  if ((yield* run(q.CLOSE, { id: handoff.id, at, by, returnTopic })) !== 1) return null;
  yield* patchSession(user, at, false, returnTopic);
  return toRecord((yield* get<HandoffRow>(q.BY_ID, { id: handoff.id }))!);
}

function* close(input: CloseInput): Script<CloseResult> {
  const user = yield* get<UserRow>(q.USER, { userId: input.userId });
  if (!user) return { type: "unknown-user" };
  const handoff = yield* current(input.userId);
  if (!handoff) return { type: "not-open", handoff: yield* latest(input.userId) };
  // The closing message goes before the bot's next reply (outbox order), never to an opted-out user.
  const outboxId = input.message && !flag(user.opted_out) ? yield* queueMessage(handoff, input.message.body, [], input.message.agent, input.at) : null;
  const closed = yield* closeOpen(user, handoff, input.at, input.by, input.returnTopic);
  return closed ? { type: "closed", handoff: closed, outboxId } : { type: "not-open", handoff: yield* latest(input.userId) };
}

function* latest(userId: string): Script<HandoffRecord | null> {
  const row = yield* get<HandoffRow>(q.LATEST, { userId });
  return row ? toRecord(row) : null;
}

function* closeIdle(options: IdleOptions): Script<{ handoff: HandoffRecord; outboxId: number | null }[]> {
  const before = options.now - options.idleMs;
  const closed: { handoff: HandoffRecord; outboxId: number | null }[] = [];
  for (const row of yield* all<HandoffRow>(q.IDLE, { before, limit: options.limit })) {
    const id = Number(row.id);
    if ((yield* run(q.CLOSE_IF_IDLE, { id, at: options.now, before, returnTopic: options.returnTopic })) !== 1) continue;
    const user = yield* get<UserRow>(q.USER, { userId: row.user_id });
    if (user) yield* patchSession(user, options.now, false, options.returnTopic);
    const handoff = toRecord((yield* get<HandoffRow>(q.BY_ID, { id }))!);
    const unanswered = handoff.agentMessages === 0 && options.unavailableText !== null;
    const outboxId = unanswered && user && !flag(user.opted_out) ? yield* queueMessage(handoff, options.unavailableText!, [], null, options.now) : null;
    closed.push({ handoff, outboxId });
  }
  return closed;
}

function* dropReminder(outboxId: number, userId: string, name: string, at: number): Script<boolean> {
  if ((yield* run(q.DROP_REMINDER, { id: outboxId, at })) !== 1) return false;
  const user = yield* get<UserRow>(q.USER, { userId });
  const session = user?.session ? json<Session>(user.session) : null;
  if (session && session.reminders[name]) {
    const reminders = { ...session.reminders };
    delete reminders[name];
    yield* run(q.WRITE_SESSION, { userId, session: JSON.stringify({ ...session, reminders }) });
  }
  return true;
}

/** Writes one step's handoff change inside the step's transaction (before its outbox rows, so the step's own parts stay). */
export function* applyHandoffChange(change: HandoffChange, at: number): Script<void> {
  switch (change.type) {
    case "open": {
      yield* open({ userId: change.userId, at, reason: change.reason, openedBy: change.openedBy, assignee: null, returnTopic: change.returnTopic });
      return;
    }
    case "user-message":
      yield* run(q.USER_MESSAGE, { userId: change.userId, at });
      return;
    case "close": {
      const user = yield* get<UserRow>(q.USER, { userId: change.userId });
      const handoff = yield* current(change.userId);
      if (user && handoff) yield* closeOpen(user, handoff, at, change.by, change.returnTopic ?? handoff.returnTopic ?? "default");
      return;
    }
    default: {
      const _exhaustive: never = change;
      return _exhaustive;
    }
  }
}

interface MessageRow {
  id: number;
  created_at: number;
  direction: "in" | "out";
  body: string;
  media: unknown;
  status: string | null;
  outbox_id: number | null;
  agent: string | null;
}

export function createHandoffStore(exec: Executor): HandoffStore {
  const noLimit = exec.dialect.noLimit;
  const list = (rows: HandoffRow[]) => rows.map(toRecord);
  return {
    current: (userId) => exec.auto(current(userId)),
    latest: (userId) => exec.auto(latest(userId)),
    list: async ({ state, limit } = {}) => {
      const params = { state, limit: limit ?? noLimit };
      const statement = state === undefined ? q.LIST_OPEN : state === "closed" ? q.LIST_CLOSED : q.LIST_STATE;
      return list(await exec.auto(all<HandoffRow>(statement, params)));
    },
    changedSince: async (since, limit) => list(await exec.auto(all<HandoffRow>(q.CHANGED, { since, limit: limit ?? noLimit }))),
    open: (input) => exec.transaction(open(input)),
    assign: async (userId, assignee, at) => {
      await exec.auto(run(q.ASSIGN, { userId, assignee, at }));
      return exec.auto(current(userId));
    },
    reply: (input) => exec.transaction(reply(input)),
    close: (input) => exec.transaction(close(input)),
    closeIdle: (options) => exec.transaction(closeIdle(options)),
    messages: async (userId, limit) => {
      const rows = await exec.auto(all<MessageRow>(q.MESSAGES, { userId, limit: limit ?? noLimit }));
      return rows.map((r): HandoffMessage => ({
        id: Number(r.id),
        at: Number(r.created_at),
        direction: r.direction,
        origin: r.direction === "in" ? "user" : r.agent !== null ? "agent" : "bot",
        agent: r.agent,
        body: r.body,
        media: json<string[]>(r.media),
        status: r.status,
        outboxId: r.outbox_id === null ? null : Number(r.outbox_id),
      }));
    },
    dropReminder: (outboxId, userId, name, at) => exec.transaction(dropReminder(outboxId, userId, name, at)),
  };
}
