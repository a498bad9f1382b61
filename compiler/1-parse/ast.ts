/** @module The AST of one `.bot` file: statements, patterns and reply templates, every node with its span. */
import type { Span } from "../diagnostics/types.ts";
import type { GluedPiece, Template } from "../ir/types.ts";

// Reply bodies are parsed straight into the IR's `Template` parts (each non-text part with its span):
// that shape already is a syntax tree of the reply sub-language, and a second, parallel tree would
// only be copied field by field in 3-emit.

export interface ScriptNode {
  type: "Script";
  file: string;
  body: Statement[];
  span: Span;
}

export type Statement = DefinitionNode | TopicNode | BeginNode | ObjectNode | TriggerNode;

export type DefinitionKind = "version" | "local" | "global" | "var" | "array" | "sub" | "person";

export interface DefinitionNode {
  type: "Definition";
  kind: DefinitionKind;
  /** Empty for `! version`. */
  name: string;
  /** Everything after the first `=`, trimmed; `null` for `<undef>` (deletes). */
  value: string | null;
  /** `! array`: items of every line, each line split on its own, lowercased for matching. */
  items: string[];
  /** The same items as written, for `(@name)` in replies, which keeps case and tags. */
  rawItems: string[];
  span: Span;
}

export interface TopicNode {
  type: "Topic";
  /** As written; `random` is resolved to `default` by 2-analyze. */
  name: string;
  includes: string[];
  inherits: string[];
  isolated: boolean;
  body: Statement[];
  span: Span;
}

export interface BeginNode {
  type: "Begin";
  body: Statement[];
  span: Span;
}

export interface ObjectNode {
  type: "Object";
  name: string;
  language: string;
  code: string;
  span: Span;
}

export interface TriggerNode {
  type: "Trigger";
  pattern: PatternNode;
  previous: PatternNode | null;
  replies: ReplyNode[];
  conditions: ConditionNode[];
  redirect: RedirectNode | null;
  http: HttpNode[];
  /** Codes from `# bot-ignore` directives right before the trigger. */
  ignores: string[];
  /** `# punc nostrip` in force. */
  keepPunctuation: boolean;
  span: Span;
}

export interface ReplyNode {
  type: "Reply";
  weight: number;
  body: Template;
  span: Span;
}

export type ConditionOperator = "==" | "!=" | "<" | "<=" | ">" | ">=";

export interface ConditionNode {
  type: "Condition";
  left: Template;
  op: ConditionOperator;
  right: Template;
  body: Template;
  span: Span;
}

export interface RedirectNode {
  type: "Redirect";
  target: Template;
  span: Span;
}

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface HttpNode {
  type: "Http";
  method: HttpMethod;
  name: string | null;
  url: Template;
  options: Template | null;
  span: Span;
}

// === Patterns ===============================================================

export interface PatternNode {
  type: "Pattern";
  /** Pattern text with `{weight}` removed and whitespace collapsed. */
  text: string;
  /** Pattern text as written, `{weight}` included, whitespace collapsed: what the trigger sort reads. */
  written: string;
  weight: number;
  parts: PatternElement[];
  span: Span;
}

export type PatternElement =
  | { type: "Word"; text: string; span: Span }
  | { type: "Wildcard"; kind: "any" | "number" | "alpha"; span: Span }
  | { type: "Alternatives"; options: PatternElement[][]; span: Span }
  | { type: "Optional"; options: PatternElement[][]; span: Span }
  | { type: "ArrayRef"; name: string; capture: boolean; span: Span }
  | { type: "PatternTag"; tag: "get" | "bot"; name: string; span: Span }
  | { type: "PatternHistory"; tag: "input" | "reply"; index: number; span: Span }
  /** `hello*`, `_negative`: words and wildcards with nothing between them, matched inside a word. */
  | { type: "Glued"; pieces: GluedPiece[]; span: Span };
