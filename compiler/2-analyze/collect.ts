/** @module Walks every file's AST in load order and gathers definitions, triggers (ids in source order), topics, objects. */
import type { Span } from "../diagnostics/types.ts";
import type { DefinitionNode, ObjectNode, ScriptNode, Statement } from "../1-parse/ast.ts";
import { canonicalTopic, type AnalyzedTrigger } from "./types.ts";

export interface TopicDeclaration {
  name: string;
  includes: string[];
  inherits: string[];
  isolated: boolean;
  span: Span | null;
}

export interface Collected {
  definitions: DefinitionNode[];
  triggers: AnalyzedTrigger[];
  topics: Map<string, TopicDeclaration>;
  objects: Map<string, ObjectNode>;
}

export function collect(asts: ScriptNode[]): Collected {
  const out: Collected = { definitions: [], triggers: [], topics: new Map(), objects: new Map() };
  declare(out, "default", null);
  for (const ast of asts) walk(out, ast.body, "default");
  return out;
}

function declare(out: Collected, name: string, span: Span | null): TopicDeclaration {
  let topic = out.topics.get(name);
  if (!topic) {
    topic = { name, includes: [], inherits: [], isolated: false, span };
    out.topics.set(name, topic);
  }
  topic.span ??= span;
  return topic;
}

function walk(out: Collected, body: Statement[], topic: string): void {
  for (const statement of body) {
    switch (statement.type) {
      case "Definition":
        out.definitions.push(statement);
        break;
      case "Trigger":
        out.triggers.push({ id: out.triggers.length, topic, node: statement });
        break;
      case "Object":
        // As in rivescript, an object in a language nothing here can run is skipped (BOT114 warns), so a
        // `<call>` of it answers as for a missing macro.
        if (statement.language === "javascript") out.objects.set(statement.name, statement);
        break;
      case "Begin":
        declare(out, "__begin__", statement.span);
        walk(out, statement.body, "__begin__");
        break;
      case "Topic": {
        // A topic may be opened in several places (or files); its relations are the union of them all.
        const name = canonicalTopic(statement.name);
        const decl = declare(out, name, statement.span);
        addNew(decl.includes, statement.includes);
        addNew(decl.inherits, statement.inherits);
        decl.isolated ||= statement.isolated;
        walk(out, statement.body, name);
        break;
      }
      default: {
        const _exhaustive: never = statement;
        return _exhaustive;
      }
    }
  }
}

/** Appends the canonical names not in `list` yet, in order; a set keeps a long `includes` line linear. */
function addNew(list: string[], names: string[]): void {
  const seen = new Set(list);
  for (const name of names) {
    const t = canonicalTopic(name);
    if (seen.has(t)) continue;
    seen.add(t);
    list.push(t);
  }
}
