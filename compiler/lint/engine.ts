/** @module The lint pass: runs the registered rules over the IR and turns their reports into diagnostics. */
import type { BotIR, TriggerIR } from "../ir/types.ts";
import type { Diagnostic, Severity, Span } from "../diagnostics/types.ts";
import { formatMessage } from "../diagnostics/types.ts";
import type { AnyRule, BotConfig, LintEnvironment, MediaInfo, ReplyVariant, RuleLevel, RuleVisitors } from "./types.ts";
import { rules as registry } from "./rules/index.ts";
import { renderMessages } from "./messages.ts";
import { replyVariants, triggerTemplates, walkTemplate } from "./walk.ts";
import { matchesAnyGlob } from "./glob.ts";
import { defaultConfig } from "../../config/defaults.ts";

export interface LintOptions {
  config?: BotConfig;
  /** Source texts (`path` as the IR's spans name them) for exact character positions. */
  sources?: readonly { path: string; text: string }[];
  /** Answers what is known about a media URL or relative path (file size, HEAD result); I/O stays with the caller. */
  probeMedia?: (url: string) => MediaInfo | undefined;
  /** A broadcast body to lint as well (compiled with `compileReply`). */
  broadcast?: { body: ReplyVariant["body"]; span: Span };
  /** Only run rules whose catalog severity is `error` (what `bot compile` enforces). */
  errorClassOnly?: boolean;
  /** Run only these rules (by name); the rule tester uses it. */
  only?: readonly AnyRule[];
  /** Options per rule name, overriding the config (the rule tester uses it). */
  ruleOptions?: Record<string, Record<string, unknown>>;
}

interface ActiveRule {
  rule: AnyRule;
  severity: Severity;
  visitors: RuleVisitors;
}

/** Runs every enabled rule over `ir` and returns the findings, sorted by file, line, column and code. Pure. */
export function lint(ir: BotIR, options: LintOptions = {}): Diagnostic[] {
  const config = options.config ?? defaultConfig();
  const env: LintEnvironment = {
    config,
    sources: new Map((options.sources ?? []).map((s) => [s.path, s.text])),
    probeMedia: options.probeMedia ?? null,
  };
  const findings: Diagnostic[] = [];
  let currentTrigger: TriggerIR | null = null;
  const active: ActiveRule[] = [];
  for (const rule of options.only ?? Object.values(registry)) {
    const severity = effectiveSeverity(rule, config);
    if (severity === null) continue;
    if (options.errorClassOnly && rule.meta.severity !== "error") continue;
    const ruleOptions = { ...rule.meta.defaultOptions, ...configOptions(rule, config), ...options.ruleOptions?.[rule.meta.name] };
    const visitors = rule.create({
      ir,
      options: ruleOptions,
      env,
      report({ span, messageId, data, fix }) {
        const template = (rule.meta.messages as Record<string, string>)[messageId] ?? messageId;
        const diagnostic: Diagnostic = { code: rule.meta.code, severity, message: formatMessage(template, data), span };
        if (data) diagnostic.data = data;
        if (fix) diagnostic.fix = fix;
        if (!suppressed(diagnostic, rule, currentTrigger ?? enclosingTrigger(ir, span))) findings.push(diagnostic);
      },
    });
    active.push({ rule, severity, visitors });
  }
  const each = <K extends keyof RuleVisitors>(key: K, ...args: Parameters<NonNullable<RuleVisitors[K]>>): void => {
    for (const a of active) (a.visitors[key] as ((...x: unknown[]) => void) | undefined)?.(...args);
  };

  each("bot", ir);
  for (const topic of Object.values(ir.topics)) each("topic", topic);
  for (const trigger of ir.triggers) {
    currentTrigger = trigger;
    each("trigger", trigger);
    for (const template of triggerTemplates(trigger)) walkTemplate(template, (part) => each("part", part, trigger, trigger.span));
    for (const variant of replyVariants(trigger)) visitVariant(variant);
  }
  currentTrigger = null;
  if (options.broadcast) {
    const variant: ReplyVariant = { kind: "broadcast", body: options.broadcast.body, span: options.broadcast.span, trigger: null };
    walkTemplate(variant.body, (part) => each("part", part, null, variant.span));
    each("broadcast", variant);
    visitVariant(variant);
  }

  function visitVariant(variant: ReplyVariant): void {
    each("reply", variant);
    for (const message of renderMessages(variant, ir, config.lint)) each("message", message);
  }

  const kept = findings.filter((d) => !matchesAnyGlob(d.span.file, config.lint.ignore));
  return sortDiagnostics(dedupe(kept));
}

/** The error-class rules only: what must fail `bot compile` as well as `bot lint`. */
export function lintErrorClass(ir: BotIR, config: BotConfig = defaultConfig()): Diagnostic[] {
  return lint(ir, { config, errorClassOnly: true });
}

function levelFor(rule: AnyRule, config: BotConfig): RuleLevel | undefined {
  const entry = config.lint.rules[rule.meta.code] ?? config.lint.rules[rule.meta.name];
  return Array.isArray(entry) ? entry[0] : entry;
}

function configOptions(rule: AnyRule, config: BotConfig): Record<string, unknown> {
  const entry = config.lint.rules[rule.meta.code] ?? config.lint.rules[rule.meta.name];
  return Array.isArray(entry) ? entry[1] : {};
}

/** Errors stay errors: config can raise a warning or silence it, never lower an error. */
export function effectiveSeverity(rule: AnyRule, config: BotConfig): Severity | null {
  const level = levelFor(rule, config);
  if (rule.meta.severity === "error") return "error";
  if (level === "off") return null;
  if (level === "error") return "error";
  return rule.meta.severity;
}

/** `# bot-ignore CODE` before a trigger silences that code's warnings there; errors cannot be silenced. */
function suppressed(d: Diagnostic, rule: AnyRule, trigger: TriggerIR | null): boolean {
  if (rule.meta.severity === "error" || !trigger) return false;
  return trigger.ignores.includes(d.code) || trigger.ignores.includes(rule.meta.name);
}

/** The trigger whose block holds `span`: the last one starting at or before it in the same file. */
function enclosingTrigger(ir: BotIR, span: Span): TriggerIR | null {
  let best: TriggerIR | null = null;
  for (const t of ir.triggers) {
    if (t.span.file !== span.file || t.span.start.offset > span.start.offset) continue;
    if (!best || t.span.start.offset > best.span.start.offset) best = t;
  }
  return best;
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.code}|${d.span.file}|${d.span.start.offset}|${d.span.end.offset}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      a.span.file.localeCompare(b.span.file) ||
      a.span.start.line - b.span.start.line ||
      a.span.start.column - b.span.start.column ||
      a.code.localeCompare(b.code),
  );
}
