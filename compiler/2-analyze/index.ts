/** @module Phase 2: merge the files' ASTs, check names and topic relations, and sort every topic's triggers. */
import { createReporter } from "../diagnostics/report.ts";
import type { ScriptNode } from "../1-parse/ast.ts";
import { collect } from "./collect.ts";
import { mergeDefinitions } from "./definitions.ts";
import { sortTopic, triggerShape } from "./sort.ts";
import { checkTopicGraph } from "./topics.ts";
import type { AnalyzedTopic, AnalyzedTrigger, Analysis } from "./types.ts";

export type * from "./types.ts";

export function analyze(asts: ScriptNode[]): Analysis {
  const report = createReporter();
  const collected = collect(asts);
  const definitions = mergeDefinitions(collected.definitions, report);
  checkTopicGraph(collected.topics, report);
  const byTopic = new Map<string, AnalyzedTrigger[]>();
  for (const t of collected.triggers) {
    const list = byTopic.get(t.topic);
    if (list) list.push(t);
    else byTopic.set(t.topic, [t]);
  }
  // Ids are positions in `collected.triggers`, so the shapes line up with them.
  const shapes = collected.triggers.map(triggerShape);
  const topics: Record<string, AnalyzedTopic> = {};
  for (const [name, decl] of collected.topics) {
    topics[name] = { ...decl, ...sortTopic(name, collected.topics, byTopic, shapes, definitions.depth) };
  }
  return {
    asts,
    files: asts.map((a) => a.file),
    ...definitions,
    triggers: collected.triggers,
    topics,
    objects: Object.fromEntries(collected.objects),
    diagnostics: report.diagnostics,
  };
}
