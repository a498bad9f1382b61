/**
 * @module The operator's side of a handoff (docs/handoff.md), shared by the HTTP API, the dashboard inbox
 * and `bot chat`: list, read, take over, reply and close, each with the bad-input answers the API gives
 * (404 unknown user, 409 closed or opted out, 422 too long or a topic the bot lacks).
 */
import type { BotIR } from "../../compiler/ir/types.ts";
import type { HandoffConfig } from "../../config/handoff-schema.ts";
import type { Clock } from "../../engine/types.ts";
import { checkMedia } from "../media/bot-folder.ts";
import type { HandoffMessage, HandoffRecord, HandoffState, HandoffStore, Store } from "../store/index.ts";
import type { HandoffEvents } from "./events.ts";

/** Twilio's limit on one message body. */
export const MAX_BODY = 1600;
const DEFAULT_AGENT = "operator";

export type Outcome<T> = { ok: true; status: 200 | 201 | 202; value: T } | { ok: false; status: 400 | 404 | 409 | 422; error: string };

export interface HandoffView {
  handoff: HandoffRecord;
  messages: HandoffMessage[];
}

export interface HandoffService {
  readonly config: HandoffConfig;
  readonly events: HandoffEvents;
  /** Topics an operator may return the user to. */
  topics(): string[];
  list(state?: HandoffState): Promise<HandoffRecord[]>;
  changedSince(since: number): Promise<HandoffRecord[]>;
  get(userId: string, limit?: number): Promise<Outcome<HandoffView>>;
  /** A known user's messages and handoff (null when never handed off), for the inbox's conversation page; null for an unknown user. */
  conversation(userId: string, limit?: number): Promise<{ handoff: HandoffRecord | null; messages: HandoffMessage[] } | null>;
  takeOver(userId: string, input: { reason?: unknown; agent?: unknown }): Promise<Outcome<HandoffRecord>>;
  reply(userId: string, input: { body?: unknown; mediaUrl?: unknown; agent?: unknown }): Promise<Outcome<{ id: number; handoff: HandoffRecord }>>;
  close(userId: string, input: { returnTopic?: unknown; message?: unknown; agent?: unknown }): Promise<Outcome<HandoffRecord>>;
  /** Bot-folder files an operator may attach (images, audio, video, PDF … the MMS rule allows). */
  mediaFiles(): string[];
}

export interface HandoffServiceOptions {
  ir: BotIR;
  store: Store;
  handoffs: HandoffStore;
  config: HandoffConfig;
  events: HandoffEvents;
  clock: Clock;
  /** The bot folder: media paths are relative to it. */
  root: string;
  /** Lists the bot folder's media files (the dashboard's picker). */
  listMedia?: () => string[];
  /** Wakes the dispatcher so a queued message goes out now. */
  kick?: () => void;
  /**
   * Runs under the user's lock (the one the inbound worker holds for a step, across processes on PostgreSQL), so
   * a take over or a close never interleaves with a step the bot is running for that user.
   */
  withUserLock?: <T>(userId: string, fn: () => Promise<T>) => Promise<T>;
}

const fail = (status: 400 | 404 | 409 | 422, error: string) => ({ ok: false, status, error }) as const;

export function createHandoffService(options: HandoffServiceOptions): HandoffService {
  const { ir, store, handoffs, config, events, clock } = options;
  const locked = <T>(userId: string, fn: () => Promise<T>): Promise<T> => (options.withUserLock ? options.withUserLock(userId, fn) : fn());
  const topics = () => Object.keys(ir.topics);
  const unknownUser = (userId: string) => fail(404, `unknown user ${userId}: no message from or to this number is stored`);
  const agentName = (agent: unknown): string | null => {
    if (agent === undefined || agent === null || agent === "") return DEFAULT_AGENT;
    if (typeof agent !== "string" || agent.trim() === "" || agent.length > 100) return null;
    return agent.trim();
  };

  return {
    config,
    events,
    topics,
    list: (state) => handoffs.list(state === undefined ? {} : { state }),
    changedSince: (since) => handoffs.changedSince(since, 200),
    async get(userId, limit = 200) {
      const handoff = (await handoffs.current(userId)) ?? (await handoffs.latest(userId));
      if (!handoff) return (await store.getUser(userId)) ? fail(404, `${userId} has never been handed to a person`) : unknownUser(userId);
      return { ok: true, status: 200, value: { handoff, messages: await handoffs.messages(userId, limit) } };
    },
    async conversation(userId, limit = 200) {
      const handoff = (await handoffs.current(userId)) ?? (await handoffs.latest(userId));
      if (!handoff && !(await store.getUser(userId))) return null;
      return { handoff, messages: await handoffs.messages(userId, limit) };
    },
    async takeOver(userId, input) {
      if (input.reason !== undefined && typeof input.reason !== "string") return fail(400, "reason: optional text shown in the inbox");
      const agent = agentName(input.agent);
      if (agent === null) return fail(400, "agent: the operator's name, up to 100 characters");
      const reason = (input.reason as string | undefined)?.trim() || null;
      const result = await locked(userId, () => handoffs.open({ userId, at: clock.now(), reason, openedBy: "operator", assignee: agent, returnTopic: null }));
      switch (result.type) {
        case "unknown-user":
          return unknownUser(userId);
        case "already-open": {
          // Taking over a handoff the bot opened assigns it; one already assigned keeps its assignee.
          const assigned = await handoffs.assign(userId, agent, clock.now());
          return { ok: true, status: 200, value: assigned ?? result.handoff };
        }
        case "opened":
          events.emit({ type: "opened", userId, handoff: result.handoff });
          return { ok: true, status: 201, value: result.handoff };
        default: {
          const _exhaustive: never = result;
          return _exhaustive;
        }
      }
    },
    async reply(userId, input) {
      if (typeof input.body !== "string" || input.body.trim() === "") return fail(400, "body: required, the text to send");
      if ([...input.body].length > MAX_BODY)
        return fail(
          422,
          `body: ${[...input.body].length} characters, over the limit of ${MAX_BODY} (one SMS/MMS body at most); shorten it or send two messages`,
        );
      const agent = agentName(input.agent);
      if (agent === null) return fail(400, "agent: the operator's name, up to 100 characters");
      const media: string[] = [];
      if (input.mediaUrl !== undefined && input.mediaUrl !== null && input.mediaUrl !== "") {
        if (typeof input.mediaUrl !== "string") return fail(400, "mediaUrl: an http(s) URL or a path in the bot folder");
        const check = checkMedia(input.mediaUrl, options.root);
        if (!check.ok) return fail(422, `mediaUrl: ${check.reason}`);
        media.push(input.mediaUrl);
      }
      const result = await handoffs.reply({ userId, at: clock.now(), body: input.body, media, agent });
      switch (result.type) {
        case "unknown-user":
          return unknownUser(userId);
        case "not-open":
          return fail(
            409,
            result.handoff
              ? `the handoff of ${userId} is closed (${result.handoff.closedBy ?? "closed"}): nothing was sent; take it over again to write`
              : `${userId} is not handed to a person: nothing was sent; take the conversation over first (POST /api/handoffs/:user)`,
          );
        case "opted-out":
          return fail(409, `${userId} has opted out (texted STOP): nothing was sent, and nothing can be until they text START`);
        case "queued":
          options.kick?.();
          events.emit({ type: "message", userId, from: "agent", body: input.body, agent, handoff: result.handoff });
          return { ok: true, status: 202, value: { id: result.outboxId, handoff: result.handoff } };
        default: {
          const _exhaustive: never = result;
          return _exhaustive;
        }
      }
    },
    async close(userId, input) {
      if (input.returnTopic !== undefined && input.returnTopic !== null && typeof input.returnTopic !== "string")
        return fail(400, "returnTopic: the topic the bot resumes in");
      const requested = (input.returnTopic as string | undefined | null)?.trim() || null;
      if (requested !== null && !topics().includes(requested))
        return fail(422, `returnTopic: the bot has no topic "${requested}" (its topics: ${topics().join(", ")})`);
      if (input.message !== undefined && input.message !== null && typeof input.message !== "string") return fail(400, "message: optional closing text");
      const message = (input.message as string | undefined | null)?.trim() || null;
      if (message !== null && [...message].length > MAX_BODY) return fail(422, `message: over the limit of ${MAX_BODY} characters`);
      const agent = agentName(input.agent);
      if (agent === null) return fail(400, "agent: the operator's name, up to 100 characters");
      const open = await handoffs.current(userId);
      const returnTopic = requested ?? open?.returnTopic ?? (topics().includes(config.returnTopic) ? config.returnTopic : "default");
      const result = await locked(userId, () =>
        handoffs.close({
          userId,
          at: clock.now(),
          by: "operator",
          returnTopic,
          message: message === null ? null : { body: message, agent },
        }),
      );
      switch (result.type) {
        case "unknown-user":
          return unknownUser(userId);
        case "not-open":
          return fail(409, `${userId} has no open handoff: it is already closed`);
        case "closed":
          if (result.outboxId !== null) options.kick?.();
          events.emit({ type: "closed", userId, handoff: result.handoff });
          return { ok: true, status: 200, value: result.handoff };
        default: {
          const _exhaustive: never = result;
          return _exhaustive;
        }
      }
    },
    mediaFiles: () => options.listMedia?.() ?? [],
  };
}
