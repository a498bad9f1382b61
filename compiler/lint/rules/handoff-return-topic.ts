/** @module BOT212: `handoff.returnTopic` in bot.config.yaml naming a topic the bot does not have (docs/handoff.md). */
import { basename } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import type { Span } from "../../diagnostics/types.ts";
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";

export const CONFIG_FILE = "bot.config.yaml";

/** Where the key's value is in the config file among the linted sources, else the file's start. */
function valueSpan(sources: ReadonlyMap<string, string>, path: string[]): Span {
  const found = [...sources].find(([file]) => basename(file) === CONFIG_FILE);
  const file = found?.[0] ?? CONFIG_FILE;
  const start = { offset: 0, line: 1, column: 1 };
  if (!found) return { file, start, end: start };
  const lines = new LineCounter();
  const node = parseDocument(found[1], { lineCounter: lines }).getIn(path, true) as { range?: [number, number, number] } | undefined;
  if (!node?.range) return { file, start, end: start };
  const at = (offset: number) => {
    const p = lines.linePos(offset);
    return { offset, line: p.line, column: p.col };
  };
  return { file, start: at(node.range[0]), end: at(node.range[1]) };
}

export default createRule({
  meta: ruleMeta("handoff-return-topic", "BOT212", "problem", { defaultOptions: {} }),
  create(ctx) {
    return {
      bot(ir) {
        const topic = (ctx.env.config.handoff as { returnTopic?: unknown } | undefined)?.returnTopic;
        // `random` is the RiveScript name of `default`.
        if (typeof topic !== "string" || topic in ir.topics || topic === "random") return;
        ctx.report({
          span: valueSpan(ctx.env.sources, ["handoff", "returnTopic"]),
          messageId: "main",
          data: { topic, topics: Object.keys(ir.topics).join(", ") },
        });
      },
    };
  },
});
