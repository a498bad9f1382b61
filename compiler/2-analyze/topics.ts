/** @module Topic graph checks: relations to topics that do not exist, and include/inherit cycles. */
import type { Reporter } from "../diagnostics/report.ts";
import type { TopicDeclaration } from "./collect.ts";

export function checkTopicGraph(topics: Map<string, TopicDeclaration>, report: Reporter): void {
  for (const decl of topics.values()) {
    if (!decl.span) continue;
    for (const [relation, targets] of [["includes", decl.includes], ["inherits", decl.inherits]] as const) {
      for (const target of targets) {
        if (!topics.has(target)) report.topicRelationUnknown(decl.span, { topic: decl.name, relation, target });
      }
    }
  }
  reportCycles(topics, report);
}

/** Depth-first search; each back edge is one cycle, reported at the topic where it closes. */
function reportCycles(topics: Map<string, TopicDeclaration>, report: Reporter): void {
  const state = new Map<string, "active" | "done">();
  const stack: string[] = [];
  const visit = (name: string): void => {
    state.set(name, "active");
    stack.push(name);
    const decl = topics.get(name);
    for (const next of decl ? [...decl.includes, ...decl.inherits] : []) {
      const s = state.get(next);
      if (s === "active") {
        const path = [...stack.slice(stack.indexOf(next)), next].join(" → ");
        const span = topics.get(next)?.span;
        if (span) report.topicCycle(span, { topic: next, path });
      } else if (s === undefined && topics.has(next)) visit(next);
    }
    stack.pop();
    state.set(name, "done");
  };
  for (const name of topics.keys()) if (!state.has(name)) visit(name);
}
