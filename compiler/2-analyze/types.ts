/** @module What 2-analyze knows about a bot: merged definitions, triggers by id, topics with sorted trigger ids. */
import type { Diagnostic, Span } from "../diagnostics/types.ts";
import type { Substitution } from "../ir/types.ts";
import type { ObjectNode, ScriptNode, TriggerNode } from "../1-parse/ast.ts";

export interface AnalyzedTrigger {
  id: number;
  /** Canonical topic name (`random` is `default`, BEGIN is `__begin__`). */
  topic: string;
  node: TriggerNode;
}

export interface AnalyzedTopic {
  name: string;
  includes: string[];
  inherits: string[];
  isolated: boolean;
  /** Sorted ids of triggers without `%`, includes and inherits resolved. */
  triggers: number[];
  /** Sorted ids of triggers with `%`. */
  previous: number[];
  span: Span | null;
}

export interface Analysis {
  asts: ScriptNode[];
  files: string[];
  depth: number;
  vars: Record<string, string>;
  globals: Record<string, string>;
  arrays: Record<string, string[]>;
  /** Array items as written (case and tags kept), for `(@name)` in replies. */
  arrayTexts: Record<string, string[]>;
  subs: Substitution[];
  person: Substitution[];
  triggers: AnalyzedTrigger[];
  topics: Record<string, AnalyzedTopic>;
  objects: Record<string, ObjectNode>;
  diagnostics: Diagnostic[];
}

/** `random` is the RiveScript name of Dexter's `default` topic (LANGUAGE.md §1). */
export function canonicalTopic(name: string): string {
  return name === "random" ? "default" : name;
}

export const defaultDepth = 20;
