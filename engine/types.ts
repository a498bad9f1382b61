/** @module The engine's contract: sessions, inbound messages, effects, and the injected clock, randomness and I/O. */
import type { Template } from "../compiler/ir/types.ts";

/** One user's conversation state. Plain JSON: the store persists it as is. */
export interface Session {
  /** The user's id: on SMS, the E.164 phone number. */
  userId: string;
  /** Current topic (`default` when never set). */
  topic: string;
  /** User variables (`<set>`/`<get>`). Values are strings; unset variables are absent. */
  vars: Record<string, string>;
  /** Most recent first, at most 9 each, already normalised like a message. */
  history: { input: string[]; reply: string[] };
  /** Labels of the `^buttons` menu shown with the last reply; a `1`, `2` … or label answer maps to them once. */
  buttons: string[] | null;
  /** Pending reminders by normalised name. */
  reminders: Record<string, PendingReminder>;
  /** Namespace facts (`_firstMsgSent`, `_lastMsgReceived`, `_fromCountry` …), epoch ms as strings. */
  meta: Record<string, string>;
  /** Set by `^notifyAgent()`: a human has the conversation. */
  handoff: boolean;
}

export interface PendingReminder {
  name: string;
  /** Absolute due time, epoch ms. */
  dueAt: number;
  /** Rendered when the reminder fires. */
  text: Template;
}

/** Bot-wide state that replies may change (`<bot x=…>`, `<env x=…>`). */
export interface BotState {
  vars: Record<string, string>;
  globals: Record<string, string>;
}

export interface Inbound {
  /** Sender's id (E.164 phone number on SMS). */
  from: string;
  body: string;
  /** Media URLs that came with the message (MMS). */
  media: string[];
  /** Extra webhook facts (`FromCity`, `FromState`, `FromZip`, `FromCountry`), exposed as `_fromCity` …. */
  facts?: Record<string, string>;
}

/** What the engine wants done. The runtime (or `bot chat`) performs effects; the engine never does I/O itself. */
export type Effect =
  | OutboundMessage
  /** A new inbound message arrived: drop this user's pending cancelable messages. */
  | { type: "cancelPending"; userId: string }
  | { type: "scheduleReminder"; userId: string; name: string; dueAt: number }
  | { type: "cancelReminder"; userId: string; name: string }
  /** `^notifyAgent()`: hand the user to a human. */
  | { type: "handoff"; userId: string; reason?: string }
  /** Something went wrong at run time; the reply degraded as documented. `code` is a RUN0xx catalog code. */
  | { type: "log"; level: "info" | "warn" | "error"; code: string; message: string; userId: string };

export interface OutboundMessage {
  type: "message";
  to: string;
  body: string;
  /** Media URLs or paths relative to the bot folder (the runtime serves those). */
  media: string[];
  /** Absolute time the message is due, epoch ms (now for immediate parts). */
  dueAt: number;
  /** False for parts after a `nocancel` delay: a new inbound message does not cancel them. */
  cancelable: boolean;
  /** Order within the reply (0, 1, 2 …): messages of one reply go out in this order. */
  seq: number;
}

export interface Clock {
  now(): number;
}

/** Uniform in [0, 1). Seeded in tests and `bot chat --seed`. */
export type Random = () => number;

/** Performs `$` HTTP calls. The runtime's default uses `fetch` with a timeout and a response-size cap. */
export interface Fetcher {
  (request: HttpRequest): Promise<HttpResponse>;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Wall-clock epoch ms by which the call must end: the reply's shared `$` budget (set by the runtime, never by the engine). */
  deadline?: number;
}

export interface HttpResponse {
  /** 0 when there was no response (timeout, connection refused, too large). */
  status: number;
  text: string;
  /** Why the call failed, for the log; absent on success. */
  error?: string;
  /** Response headers, lower-case names (the fetcher fills them; `bot lint --check-remote` reads size and type). */
  headers?: Record<string, string>;
}

/** Runs object macros (`<call>`). */
export interface MacroHost {
  call(name: string, args: string[], api: MacroApi): Promise<string>;
}

export interface MacroApi {
  currentUser(): string;
  getUservar(user: string, name: string): string | undefined;
  setUservar(user: string, name: string, value: string): void;
  getBotvar(name: string): string | undefined;
  /** The rest of rivescript's macro API (`rs.getUservars`, `setVariable`, `getGlobal`, `setGlobal`); optional for hosts that predate it. */
  getUservars?(user: string): Record<string, string>;
  setBotvar?(name: string, value: string): void;
  getGlobal?(name: string): string | undefined;
  setGlobal?(name: string, value: string): void;
  /**
   * The same object for every call of one reply, a different one for each reply (its identity is all it
   * carries): a host may let a reply's calls share a sandbox context, never two replies.
   */
  reply?: object;
}

export interface EngineEnv {
  clock: Clock;
  random: Random;
  fetcher: Fetcher;
  macros: MacroHost;
}

export interface StepResult {
  session: Session;
  bot: BotState;
  effects: Effect[];
  /** The reply's messages as text (joined by newlines), for chat tools and history; empty for no reply. */
  reply: string;
  /** False when no trigger matched (the runtime sends nothing; `bot chat` shows "(no reply)"). */
  matched: boolean;
  /** Texts of the triggers that answered, in order: the message's own, then each redirect's (empty for none). */
  triggers: string[];
  /** Why an inbound message was answered (absent for reminders and broadcasts): what the insights and the message log record. */
  match?: StepMatch;
  /** Every trigger that answered and the reply branch it took, in order (redirects included): what transcript coverage counts. */
  path?: TriggerHit[];
}

/**
 * What answered an inbound message: its own trigger (not a redirect's), in the topic the user was in.
 * `catch-all` is a trigger whose pattern is `*` alone, in any topic; `none` is no trigger at all. `text` is
 * the message as the engine normalised it for matching, the key missed messages are grouped by.
 */
export type StepMatch =
  | { kind: "trigger"; triggerId: number; topic: string; text: string }
  | { kind: "catch-all"; triggerId: number; topic: string; text: string }
  | { kind: "none"; topic: string; text: string };

/** One trigger's reply as built: the branch is a condition (by index), the `-` replies (random choices counted as one), a redirect, or none of them. */
export interface TriggerHit {
  triggerId: number;
  branch: ReplyBranch;
}

export type ReplyBranch = { type: "condition"; index: number } | { type: "replies" } | { type: "redirect" } | { type: "empty" };
