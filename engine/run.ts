/** @module The state of one engine step: working copies, collected effects, and run-time log events. */
import type { BotState, EngineEnv, Effect, Session, StepMatch, TriggerHit } from "./types.ts";
import type { Brain } from "./brain.ts";
import { runtimeEntries } from "../compiler/diagnostics/catalog/runtime.ts";
import { formatMessage } from "../compiler/diagnostics/types.ts";
import type { FormatKind } from "../compiler/ir/types.ts";

/** What a rendered template is made of before it is cut into messages. */
export type Chunk =
  | { type: "text"; text: string }
  | { type: "send" }
  | { type: "delay"; seconds: number; cancelable: boolean }
  | { type: "noReply" }
  | { type: "media"; url: string }
  | { type: "buttons"; labels: string[] }
  /** `{ok}` in the BEGIN reply: the real reply's chunks go here, with `formats` (innermost first) applied. */
  | { type: "ok"; formats?: readonly FormatKind[] };

export interface Answer {
  matched: boolean;
  chunks: Chunk[];
}

export interface HttpResult {
  status: number;
  text: string;
  /** Parsed JSON body, `undefined` when the body is not JSON. */
  json: unknown;
}

/** One engine step. `session` and `bot` are private copies the step mutates. */
export interface Run {
  brain: Brain;
  env: EngineEnv;
  now: number;
  session: Session;
  bot: BotState;
  /** Effects other than outbound messages, in the order they happened. */
  effects: Effect[];
  /** Texts of the triggers that answered the message, in order: the message's own, then each redirect's. */
  triggers: string[];
  /** What answered the message itself (set at redirect depth 0); null until then, and for reminders and broadcasts. */
  match: StepMatch | null;
  /** Triggers that answered and the reply branch each took, in order. */
  path: TriggerHit[];
  /** Answers a (raw) text as if the user had typed it, one redirect level deeper. */
  redirect(text: string, step: number): Promise<Answer>;
}

/** The reply being rendered: its trigger's captures, HTTP results and redirect depth. */
export interface Scope {
  stars: string[];
  botstars: string[];
  http: Map<string | null, HttpResult>;
  step: number;
  /** Escapes inserted values (never literal text) for where they land: URLs, JSON. */
  escape: ((value: string) => string) | null;
  /** Rendering the BEGIN reply: `{ok}` leaves a placeholder. */
  begin: boolean;
}

export function newScope(step: number, stars: string[] = [], botstars: string[] = []): Scope {
  return { stars, botstars, http: new Map(), step, escape: null, begin: false };
}

/** Thrown when redirects nest deeper than `depth`; the step turns it into RUN001 and no reply. */
export class DepthExceeded extends Error {
  constructor(readonly depth: number) {
    super(`redirect depth ${depth} exceeded`);
  }
}

const entries = new Map(runtimeEntries.map((entry) => [entry.code, entry]));
const LEVELS = { error: "error", warning: "warn", info: "info" } as const;

/** Adds a RUN0xx log effect, its message built from the catalog template. */
export function log(run: Run, code: string, data: Record<string, string | number>): void {
  const entry = entries.get(code);
  if (entry === undefined) throw new Error(`unknown runtime code ${code}`);
  run.effects.push({
    type: "log",
    level: LEVELS[entry.severity],
    code,
    message: formatMessage(entry.message, data),
    userId: run.session.userId,
  });
}

export function textOf(chunks: readonly Chunk[]): string {
  let text = "";
  for (const chunk of chunks) if (chunk.type === "text") text += chunk.text;
  return text;
}

/** Shortens user text quoted in log lines. */
export function quote(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
