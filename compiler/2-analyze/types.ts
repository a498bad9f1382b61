/** @module What 2-analyze knows about a bot: merged definitions, triggers by id, topics with sorted trigger ids. */
import type { Diagnostic } from "../diagnostics/types.ts";
import type { TopicIR } from "../ir/types.ts";
import type { Definitions } from "./definitions.ts";
import type { ObjectNode, ScriptNode, TriggerNode } from "../1-parse/ast.ts";

export interface AnalyzedTrigger {
  id: number;
  /** Canonical topic name (`random` is `default`, BEGIN is `__begin__`). */
  topic: string;
  node: TriggerNode;
}

/** A topic as the IR holds it: the analysis already has it in its final shape. */
export type AnalyzedTopic = TopicIR;

export interface Analysis extends Definitions {
  asts: ScriptNode[];
  files: string[];
  triggers: AnalyzedTrigger[];
  topics: Record<string, AnalyzedTopic>;
  objects: Record<string, ObjectNode>;
  diagnostics: Diagnostic[];
}

/** `random` is the RiveScript name of Dexter's `default` topic (docs/language.md). */
export function canonicalTopic(name: string): string {
  return name === "random" ? "default" : name;
}

export { defaultDepth } from "./definitions.ts";
