/** @module Topic graph traversals on long chains: levels are lowest distances, and no traversal recurses per topic. */
import { describe, expect, it } from "vitest";
import { createReporter } from "../diagnostics/report.ts";
import type { Span } from "../diagnostics/types.ts";
import type { TopicDeclaration } from "./collect.ts";
import { topicLevels } from "./sort.ts";
import { checkTopicGraph } from "./topics.ts";

const span = (line: number): Span => ({ file: "t.bot", start: { offset: 0, line, column: 1 }, end: { offset: 0, line, column: 2 } });

function graph(edges: [string, "includes" | "inherits", string][], names: string[]): Map<string, TopicDeclaration> {
  const topics = new Map<string, TopicDeclaration>();
  names.forEach((name, i) => topics.set(name, { name, includes: [], inherits: [], isolated: false, span: span(i + 1) }));
  for (const [from, relation, to] of edges) topics.get(from)?.[relation].push(to);
  return topics;
}

describe("topic graph", () => {
  it("gives every topic its lowest level: includes share it, inherits add one", () => {
    const topics = graph(
      [["a", "includes", "b"], ["a", "inherits", "c"], ["b", "inherits", "d"], ["c", "inherits", "d"], ["b", "includes", "c"]],
      ["a", "b", "c", "d"],
    );
    // `c` is inherited by `a` (level 1) but also included through `b` (level 0); `d` is inherited from `b` and from `c`.
    expect(Object.fromEntries(topicLevels("a", topics))).toEqual({ a: 0, b: 0, c: 0, d: 1 });
  });

  it("walks a chain of 50,000 includes and reports the one cycle that closes it", () => {
    const n = 50_000;
    const names = Array.from({ length: n }, (_, i) => `t${i}`);
    const edges = names.map((name, i): [string, "includes", string] => [name, "includes", names[(i + 1) % n] as string]);
    const topics = graph(edges, names);
    const levels = topicLevels("t0", topics);
    expect(levels.size).toBe(n);
    expect([...levels.values()].every((level) => level === 0)).toBe(true);
    const report = createReporter();
    checkTopicGraph(topics, report);
    expect(report.diagnostics.map((d) => d.code)).toEqual(["BOT108"]);
    const path = String(report.diagnostics[0]?.data?.["path"]).split(" → ");
    expect([path.length, path[0], path[n - 1], path[n]]).toEqual([n + 1, "t0", `t${n - 1}`, "t0"]);
  });
});
