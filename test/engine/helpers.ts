/** @module Test helpers: hand-built IR (a small trigger-text parser, template builders) and a deterministic env. */
import { IR_VERSION } from "../../compiler/ir/types.ts";
import type { BotIR, ConditionOp, HttpCallIR, Pattern, PatternPart, Template, TemplatePart, TopicIR, TriggerIR } from "../../compiler/ir/types.ts";
import type { Span } from "../../compiler/diagnostics/types.ts";
import type { BotState, EngineEnv, HttpRequest, HttpResponse, Inbound, MacroApi, Session, StepResult } from "../../engine/types.ts";
import { loadBrain, newBotState, newSession, respond } from "../../engine/index.ts";

export const SPAN: Span = { file: "test.bot", start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };

/** Parses trigger syntax (`* # _ (a|b) [a|b] (@x) @x <get x> <bot x> <input1> <reply1>`) into pattern parts. */
export function pattern(text: string): Pattern {
  const trimmed = text.trim();
  if (trimmed === "*") return { catchAll: true, parts: [], span: SPAN };
  return { catchAll: false, parts: parseParts(trimmed), span: SPAN };
}

function parseParts(text: string): PatternPart[] {
  const parts: PatternPart[] = [];
  const literal: string[] = [];
  const flush = (): void => {
    if (literal.length > 0) parts.push({ type: "literal", text: literal.splice(0).join(" ") });
  };
  const tokens = text.match(/\([^)]*\)|\[[^\]]*\]|<[^>]*>|\S+/g) ?? [];
  for (const token of tokens) {
    const part = parseToken(token);
    if (part === null) literal.push(token);
    else {
      flush();
      parts.push(part);
    }
  }
  flush();
  return parts;
}

function parseToken(token: string): PatternPart | null {
  if (token === "*") return { type: "wildcard", kind: "any" };
  if (token === "#") return { type: "wildcard", kind: "number" };
  if (token === "_") return { type: "wildcard", kind: "alpha" };
  if (token.startsWith("(@")) return { type: "array", name: token.slice(2, -1), capture: true };
  if (token.startsWith("@")) return { type: "array", name: token.slice(1), capture: false };
  const options = (inner: string): PatternPart[][] => inner.split("|").map((o) => parseParts(o.trim()));
  if (token.startsWith("(")) return { type: "alternatives", options: options(token.slice(1, -1)) };
  if (token.startsWith("[")) return { type: "optional", options: options(token.slice(1, -1)) };
  const tag = /^<(get|bot) (\w+)>$/.exec(token) ?? /^<(input|reply)(\d)>$/.exec(token);
  if (tag === null) return null;
  if (tag[1] === "get" || tag[1] === "bot") return { type: tag[1], name: tag[2]! };
  return { type: tag[1] as "input" | "reply", index: Number(tag[2]) };
}

// --- template builders -------------------------------------------------------------------------
export const text = (value: string): TemplatePart => ({ type: "text", value });
export const star = (index = 1): TemplatePart => ({ type: "star", index, source: "user" });
export const botstar = (index = 1): TemplatePart => ({ type: "star", index, source: "previous" });
export const get = (name: string): TemplatePart => ({ type: "get", name });
export const set = (name: string, ...value: (string | TemplatePart)[]): TemplatePart => ({ type: "set", name, value: tpl(...value) });
export const send: TemplatePart = { type: "send" };
/** Strings become text parts. */
export function tpl(...parts: (string | TemplatePart)[]): Template {
  return parts.map((p) => (typeof p === "string" ? text(p) : p));
}

export interface TriggerSpec {
  text: string;
  previous?: string;
  weight?: number;
  keepPunctuation?: boolean;
  replies?: (Template | { weight: number; body: Template })[];
  redirect?: Template;
  conditions?: { left: Template; op: ConditionOp; right: Template; body: Template }[];
  http?: Omit<HttpCallIR, "span">[];
}

export interface BotSpec {
  /** Triggers per topic, already in match order. `__begin__` is the BEGIN block. */
  topics: Record<string, TriggerSpec[]>;
  topicOptions?: Record<string, Partial<Pick<TopicIR, "isolated" | "includes" | "inherits">>>;
  vars?: Record<string, string>;
  globals?: Record<string, string>;
  arrays?: Record<string, string[]>;
  subs?: [string, string][];
  person?: [string, string][];
  depth?: number;
}

export function bot(spec: BotSpec): BotIR {
  const triggers: TriggerIR[] = [];
  const topics: Record<string, TopicIR> = {};
  const names = new Set(["default", ...Object.keys(spec.topics)]);
  for (const name of names) {
    const ids = (spec.topics[name] ?? []).map((t) => {
      const id = triggers.length;
      triggers.push(trigger(id, name, t));
      return id;
    });
    topics[name] = {
      name,
      includes: spec.topicOptions?.[name]?.includes ?? [],
      inherits: spec.topicOptions?.[name]?.inherits ?? [],
      isolated: spec.topicOptions?.[name]?.isolated ?? false,
      triggers: ids.filter((id) => triggers[id]!.previous === null),
      previous: ids.filter((id) => triggers[id]!.previous !== null),
      span: null,
    };
  }
  return {
    irVersion: IR_VERSION,
    compiler: { name: "dexter-bot", version: "0.0.0-test" },
    // SHA-256 of no input.
    sources: { sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", files: [], folder: false },
    files: ["test.bot"],
    options: { depth: spec.depth ?? 20 },
    vars: spec.vars ?? {},
    globals: spec.globals ?? {},
    arrays: spec.arrays ?? {},
    subs: (spec.subs ?? []).map(([from, to]) => ({ from, to })),
    person: (spec.person ?? []).map(([from, to]) => ({ from, to })),
    triggers,
    topics,
    objects: {},
  };
}

function trigger(id: number, topic: string, t: TriggerSpec): TriggerIR {
  return {
    id,
    topic,
    text: t.text,
    pattern: pattern(t.text),
    previous: t.previous === undefined ? null : pattern(t.previous),
    weight: t.weight ?? 0,
    keepPunctuation: t.keepPunctuation ?? false,
    reply: {
      http: (t.http ?? []).map((h) => ({ ...h, span: SPAN })),
      redirect: t.redirect ?? null,
      conditions: (t.conditions ?? []).map((c) => ({ ...c, span: SPAN })),
      replies: (t.replies ?? []).map((r) => (Array.isArray(r) ? { weight: 1, body: r, span: SPAN } : { ...r, span: SPAN })),
    },
    ignores: [],
    span: SPAN,
  };
}

/** Simple trigger: `say("hello", "Hi there")`. */
export function say(trigger: string, ...reply: (string | TemplatePart)[]): TriggerSpec {
  return { text: trigger, replies: [tpl(...reply)] };
}

// --- environment -------------------------------------------------------------------------------
/** mulberry32: a tiny seeded PRNG, so random replies are reproducible. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const NOW = 1_700_000_000_000;

export interface TestEnv extends EngineEnv {
  requests: HttpRequest[];
}

export function testEnv(
  options: {
    now?: number;
    seed?: number;
    http?: (request: HttpRequest) => HttpResponse;
    macros?: Record<string, (args: string[], api: MacroApi) => string | Promise<string>>;
  } = {},
): TestEnv {
  const requests: HttpRequest[] = [];
  return {
    requests,
    clock: { now: () => options.now ?? NOW },
    random: seeded(options.seed ?? 1),
    fetcher: async (request) => {
      requests.push(request);
      return options.http === undefined ? { status: 0, text: "", error: "no network in tests" } : options.http(request);
    },
    macros: {
      call: async (name, args, api) => {
        const macro = options.macros?.[name];
        if (macro === undefined) throw new Error(`Object Not Found: ${name}`);
        return macro(args, api);
      },
    },
  };
}

export function inbound(body: string, from = "+15550001111", facts?: Record<string, string>): Inbound {
  return { from, body, media: [], ...(facts === undefined ? {} : { facts }) };
}

// --- conversations -----------------------------------------------------------------------------

export interface Conversation {
  /** Sends a message and returns the reply text; the full result is in `last`. */
  say(body: string, facts?: Record<string, string>): Promise<string>;
  last: StepResult | null;
  state: { session: Session; bot: BotState };
  env: TestEnv;
}

export const USER = "+15550001111";

export function conversation(ir: BotIR, env: TestEnv = testEnv()): Conversation {
  const brain = loadBrain(ir);
  const convo: Conversation = {
    last: null,
    state: { session: newSession(USER, NOW), bot: newBotState(ir) },
    env,
    async say(body, facts) {
      const result = await respond(brain, convo.state, inbound(body, USER, facts), env);
      convo.last = result;
      convo.state = { session: result.session, bot: result.bot };
      return result.reply;
    },
  };
  return convo;
}
