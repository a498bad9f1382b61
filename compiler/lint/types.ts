/** @module Lint contracts: rules (ESLint-shaped), the context they report through, the settings and the message model. */
import type { BotIR, TriggerIR, TopicIR, Template, TemplatePart, MediaKind } from "../ir/types.ts";
import type { DiagnosticFix, Severity, Span } from "../diagnostics/types.ts";
import type { MediaProblem } from "../../sms/media/rule.ts";

export type { BotConfig, LintSettings, RuleLevel, SenderConfig, SenderType } from "../../config/types.ts";
import type { BotConfig } from "../../config/types.ts";

/** What the injected media probe knows about one media reference (a URL or a path relative to the bot). */
export type MediaInfo =
  | { ok: true; bytes: number | null; contentType: string | null }
  /** `problem` says which rule of sms/media/rule.ts refuses it; absent for a remote URL that failed (SMS007). */
  | { ok: false; reason: string; problem?: MediaProblem };

export interface MediaItem {
  kind: MediaKind;
  /** The URL or relative path when it is static text; null when it is built at run time. */
  url: string | null;
  span: Span;
}

/** One outgoing message a reply can produce, with its worst-case rendering. */
export interface RenderedMessage {
  /** The trigger whose reply sends it; null for a broadcast body. */
  trigger: TriggerIR | null;
  variant: ReplyVariant;
  /** Position within the variant (0-based). */
  index: number;
  /** Seconds since the reply started when this message is sent (sum of the delays before it). */
  at: number;
  /** The parts that render into this message (flattened; `random` kept as one part). */
  parts: TemplatePart[];
  media: MediaItem[];
  /** Worst-case body: the longest/costliest choice at every `{random}`, variables at the assumed length. */
  worstText: string;
  encoding: "GSM-7" | "UCS-2";
  segments: number;
  /** UTF-16 code units, as Twilio's 1,600-character limit is checked conservatively. */
  length: number;
  span: Span;
}

/** One way a trigger can answer: a `-` reply, a `*` condition body, a reminder text, a broadcast body. */
export interface ReplyVariant {
  kind: "reply" | "condition" | "reminder" | "broadcast";
  body: Template;
  span: Span;
  trigger: TriggerIR | null;
}

/** Options every rule can read: the lint settings, the sender, the runtime section. */
export interface LintEnvironment {
  config: BotConfig;
  /** Source texts by file path as spans name them (for exact character positions); optional. */
  sources: ReadonlyMap<string, string>;
  probeMedia: ((url: string) => MediaInfo | undefined) | null;
}

export interface ReportDescriptor<M extends string> {
  span: Span;
  messageId: M;
  data?: Record<string, string | number>;
  /** An edit that fixes the finding (printed by the CLI, offered by editors). */
  fix?: DiagnosticFix;
}

export interface RuleContext<M extends string, O> {
  ir: BotIR;
  options: O;
  env: LintEnvironment;
  report(descriptor: ReportDescriptor<M>): void;
}

/** Visitors a rule may return; each is called for every node of that kind. */
export interface RuleVisitors {
  bot?(ir: BotIR): void;
  topic?(topic: TopicIR): void;
  trigger?(trigger: TriggerIR): void;
  reply?(variant: ReplyVariant): void;
  /** Every template part, nested ones included; `trigger` is null inside a broadcast body. */
  part?(part: TemplatePart, trigger: TriggerIR | null, fallback: Span): void;
  message?(message: RenderedMessage): void;
  broadcast?(variant: ReplyVariant): void;
}

export interface RuleMeta<M extends string, O> {
  name: string;
  code: string;
  type: "problem" | "suggestion";
  severity: Severity;
  docs: { description: string };
  messages: Record<M, string>;
  /** JSON Schema for the options object. */
  schema: Record<string, unknown>;
  defaultOptions: O;
}

export interface Rule<M extends string = string, O = Record<string, unknown>> {
  meta: RuleMeta<M, O>;
  create(ctx: RuleContext<M, O>): RuleVisitors;
}

/** A rule of any message/option types, as the registry holds them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = Rule<any, any>;

/** Creates a rule with its message ids and options typed (typescript-eslint's createRule). */
export function createRule<M extends string, O>(rule: Rule<M, O>): Rule<M, O> {
  return rule;
}
