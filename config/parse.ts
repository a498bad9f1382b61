/** @module Parses and validates bot.config.yaml text into a BotConfig, with diagnostics that name file, line and key. */
import { Ajv, type ValidateFunction } from "ajv";
import { LineCounter, isMap, isScalar, parseDocument, type Document, type Node as YamlNode } from "yaml";
import type { Diagnostic, Span } from "../compiler/diagnostics/types.ts";
import { formatMessage } from "../compiler/diagnostics/types.ts";
import { catalogEntry } from "../compiler/diagnostics/catalog.ts";
import type { BotConfig, LintSettings, RuleLevel } from "./types.ts";
import { configSchema } from "./schema.ts";
import { explainErrors, type ConfigProblem } from "./explain.ts";
import { DEFAULT_LINT, defaultConfig } from "./defaults.ts";

/**
 * What the parser needs to know of each lint rule to check its `lint.rules` entry: lint passes its registry's
 * `meta` objects (compiler/lint/config.ts), so this module knows no rule and imports nothing from lint.
 */
export interface RuleSettingsMeta {
  readonly code: string;
  readonly name: string;
  readonly severity: string;
  /** JSON Schema of the rule's options (the second item of `[level, options]`). */
  readonly schema: object;
}

type Validators = { validateConfig: ValidateFunction; ruleOptionValidators: Map<string, ValidateFunction> };
let ajv: Ajv | undefined;
let configValidator: ValidateFunction | undefined;
const ruleValidators = new WeakMap<readonly RuleSettingsMeta[], Map<string, ValidateFunction>>();

/** Compiled on first use: a bot without bot.config.yaml never needs them, and compiling costs more than linting a small bot. */
function validators(rules: readonly RuleSettingsMeta[]): Validators {
  ajv ??= new Ajv({ allErrors: true, verbose: true });
  configValidator ??= ajv.compile(configSchema);
  let options = ruleValidators.get(rules);
  if (!options) {
    options = new Map(rules.map((rule) => [rule.code, ajv!.compile({ ...rule.schema, $id: undefined })]));
    ruleValidators.set(rules, options);
  }
  return { validateConfig: configValidator, ruleOptionValidators: options };
}

export interface ConfigResult {
  config: BotConfig;
  diagnostics: Diagnostic[];
}

/**
 * Parses `text` (the contents of `file`), checking `lint.rules` against `rules`. Never throws: problems come back as
 * BOT290 diagnostics and defaults fill in.
 */
export function parseConfig(text: string, file: string, rules: readonly RuleSettingsMeta[]): ConfigResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const diagnostics: Diagnostic[] = [];
  const at = (range: readonly number[] | undefined | null): Span => spanAt(file, lineCounter, range?.[0] ?? 0, range?.[1] ?? 0);
  const problem = (span: Span, detail: string): void => {
    const entry = catalogEntry("BOT290");
    diagnostics.push({ code: "BOT290", severity: "error", message: formatMessage(entry.message, { detail }), span, data: { detail } });
  };

  for (const error of doc.errors) problem(at(error.pos), `invalid YAML: ${error.message.split("\n")[0]}`);
  if (diagnostics.length > 0) return { config: defaultConfig(), diagnostics };

  const raw: unknown = doc.toJS() ?? {};
  const { validateConfig, ruleOptionValidators } = validators(rules);
  // One pass, one message per bad value: the schema's problems, then each lint.rules entry's, side by side.
  const valid = validateConfig(raw);
  const report = (p: ConfigProblem): void => problem(at(nodeAt(doc, p)?.range), p.message);
  if (!valid) explainErrors(validateConfig.errors ?? [], raw).forEach(report);

  const data = (isRecord(raw) ? raw : {}) as Record<string, unknown> & { lint?: Partial<LintSettings> };
  const rulesSection = isRecord(data.lint) && isRecord(data.lint.rules) ? (data.lint.rules as LintSettings["rules"]) : {};
  for (const [key, value] of Object.entries(rulesSection)) {
    const rule = rules.find((r) => r.code === key || r.name === key);
    const keyRange = keyNode(doc, ["lint", "rules"], key)?.range;
    if (!rule) {
      problem(at(keyRange), `lint.rules.${key}: unknown rule (use a code such as SMS001 or a name such as sms-segment-limit)`);
      continue;
    }
    // A value of the wrong shape was reported with the schema's problems above.
    if (!isRuleEntry(value)) continue;
    const lvl: RuleLevel = Array.isArray(value) ? value[0] : value;
    if (rule.severity === "error" && lvl !== "error") {
      problem(at(keyRange), `lint.rules.${key}: ${rule.code} is an error and cannot be turned ${lvl === "off" ? "off" : "down"}`);
    }
    const validate = ruleOptionValidators.get(rule.code);
    if (Array.isArray(value) && validate && !validate(value[1])) {
      explainErrors(validate.errors ?? [], value[1], ["lint", "rules", key, 1]).forEach(report);
    }
  }
  diagnostics.sort((a, b) => a.span.start.offset - b.span.start.offset);
  if (!valid) return { config: defaultConfig(), diagnostics };
  const lint = data.lint ?? {};
  const config: BotConfig = {
    ...data,
    sender: (data.sender as BotConfig["sender"]) ?? null,
    lint: { ...DEFAULT_LINT, ...lint, rules: rulesSection, ignore: lint.ignore ?? [] },
  };
  return { config, diagnostics };
}

const LEVELS: readonly unknown[] = ["off", "warn", "error"];

function isRuleEntry(value: unknown): value is LintSettings["rules"][string] {
  if (LEVELS.includes(value)) return true;
  return Array.isArray(value) && value.length === 2 && LEVELS.includes(value[0]) && isRecord(value[1]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The YAML node a problem is about: the key for key problems, else the value (the nearest existing parent when absent). */
function nodeAt(doc: Document, p: ConfigProblem): YamlNode | null {
  const path = p.path.map(String);
  if (p.key && path.length > 0) return keyNode(doc, path.slice(0, -1), path[path.length - 1] ?? "");
  for (let n = p.path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(p.path.slice(0, n), true);
    if (node) return node as YamlNode;
  }
  return null;
}

function keyNode(doc: Document, parentPath: string[], key: string): YamlNode | null {
  const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
  if (!isMap(parent)) return null;
  const pair = parent.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === key);
  return (pair?.key as YamlNode | undefined) ?? null;
}

function spanAt(file: string, lines: LineCounter, start: number, end: number): Span {
  const s = lines.linePos(start);
  const e = lines.linePos(Math.max(start, end));
  return { file, start: { offset: start, line: s.line, column: s.col }, end: { offset: Math.max(start, end), line: e.line, column: e.col } };
}
