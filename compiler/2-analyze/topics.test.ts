/** @module Topic graph traversals on long chains: the sort stops at the redirect depth, the cycle check never recurses per topic. */
import { describe, expect, it } from "vitest";
import { createReporter } from "../diagnostics/report.ts";
import type { Span } from "../diagnostics/types.ts";
import type { TopicDeclaration } from "./collect.ts";
import { compile } from "../index.ts";
import type { TriggerNode } from "../1-parse/ast.ts";
import { sortTopic, triggerShape } from "./sort.ts";
import { defaultDepth } from "./types.ts";
import { checkTopicGraph } from "./topics.ts";

const span = (line: number): Span => ({ file: "t.bot", start: { offset: 0, line, column: 1 }, end: { offset: 0, line, column: 2 } });

function graph(edges: [string, "includes" | "inherits", string][], names: string[]): Map<string, TopicDeclaration> {
  const topics = new Map<string, TopicDeclaration>();
  names.forEach((name, i) => topics.set(name, { name, includes: [], inherits: [], isolated: false, span: span(i + 1) }));
  for (const [from, relation, to] of edges) topics.get(from)?.[relation].push(to);
  return topics;
}

describe("topic graph", () => {
  it("sorts includes and inherits as the implementations do: untagged included triggers after inherited ones", () => {
    // reference/rivescript.md (b), verified on rivescript 2.2.1: with alpha `+ * b`, gamma `+ a b` and abc
    // `includes alpha inherits gamma`, "a b" gets gamma's reply.
    const { ir } = compile([
      {
        path: "t.bot",
        text: "> topic alpha\n+ * b\n- alpha\n< topic\n> topic gamma\n+ a b\n- gamma\n< topic\n> topic abc includes alpha inherits gamma\n+ x\n- abc\n< topic\n",
      },
    ]);
    const texts = (ir.topics["abc"]?.triggers ?? []).map((id) => ir.triggers[id]?.text);
    expect(texts).toEqual(["x", "a b", "* b"]);
  });

  it("walks a chain of 50,000 includes and reports the one cycle that closes it", () => {
    const n = 50_000;
    const names = Array.from({ length: n }, (_, i) => `t${i}`);
    const edges = names.map((name, i): [string, "includes", string] => [name, "includes", names[(i + 1) % n] as string]);
    const topics = graph(edges, names);
    // One trigger per topic: the sort walks the chain only as far as the redirect depth, as rivescript does.
    const node = compile([{ path: "t.bot", text: "+ w\n- r\n" }]).ast[0]!.body[0] as TriggerNode;
    const triggers = names.map((name, id) => ({ id, topic: name, node }));
    const shapes = triggers.map(triggerShape);
    const byTopic = new Map(triggers.map((t) => [t.topic, [t]]));
    const sorted = sortTopic("t0", topics, byTopic, shapes, defaultDepth);
    expect(sorted.triggers.length).toBe(defaultDepth + 1);
    const report = createReporter();
    checkTopicGraph(topics, report);
    expect(report.diagnostics.map((d) => d.code)).toEqual(["BOT108"]);
    const path = String(report.diagnostics[0]?.data?.["path"]).split(" → ");
    expect([path.length, path[0], path[n - 1], path[n]]).toEqual([n + 1, "t0", `t${n - 1}`, "t0"]);
  });
});
