/** @module Topic graph checks: relations to topics that do not exist, and include/inherit cycles. */
import type { Reporter } from "../diagnostics/report.ts";
import type { TopicDeclaration } from "./collect.ts";

export function checkTopicGraph(topics: Map<string, TopicDeclaration>, report: Reporter): void {
  for (const decl of topics.values()) {
    if (!decl.span) continue;
    for (const [relation, targets] of [
      ["includes", decl.includes],
      ["inherits", decl.inherits],
    ] as const) {
      for (const target of targets) {
        if (!topics.has(target)) report.topicRelationUnknown(decl.span, { topic: decl.name, relation, target });
      }
    }
  }
  reportCycles(topics, report);
}

/**
 * Depth-first search; each back edge is one cycle, reported at the topic where it closes. The stack is
 * explicit (a chain of thousands of topics would overflow the call stack) and visits in the same order
 * as the recursive search would.
 */
function reportCycles(topics: Map<string, TopicDeclaration>, report: Reporter): void {
  const state = new Map<string, "active" | "done">();
  const path: string[] = [];
  const depth = new Map<string, number>();
  const frames: { name: string; next: string[]; i: number }[] = [];
  const enter = (name: string): void => {
    state.set(name, "active");
    depth.set(name, path.length);
    path.push(name);
    const decl = topics.get(name);
    frames.push({ name, next: decl ? [...decl.includes, ...decl.inherits] : [], i: 0 });
  };
  for (const root of topics.keys()) {
    if (state.has(root)) continue;
    enter(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as (typeof frames)[number];
      const next = frame.next[frame.i++];
      if (next === undefined) {
        frames.pop();
        path.pop();
        state.set(frame.name, "done");
        continue;
      }
      const s = state.get(next);
      if (s === "active") {
        const cycle = [...path.slice(depth.get(next) ?? 0), next].join(" → ");
        const span = topics.get(next)?.span;
        if (span) report.topicCycle(span, { topic: next, path: cycle });
      } else if (s === undefined && topics.has(next)) enter(next);
    }
  }
}
