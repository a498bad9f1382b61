/** @module BOT204: a topic no `{topic=…}` enters and no entered topic includes or inherits. */
import type { BotIR } from "../../ir/types.ts";
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { staticText, triggerTemplates, walkTemplate } from "../walk.ts";

/** Topics users can be in: default, BEGIN, every `{topic=…}` target, `human` after a hand-off. */
function enteredTopics(ir: BotIR): Set<string> {
  const entered = new Set(["default", "random", "__begin__"]);
  for (const trigger of ir.triggers) {
    for (const template of triggerTemplates(trigger)) {
      walkTemplate(template, (part) => {
        if (part.type === "topic") entered.add(part.name);
        if (part.type === "notifyAgent") entered.add("human");
        if (part.type === "set" && part.name === "topic") {
          const name = staticText(part.value);
          if (name !== null) entered.add(name);
        }
      });
    }
  }
  return entered;
}

export default createRule({
  meta: ruleMeta("topic-unreachable", "BOT204", "suggestion", { defaultOptions: {} }),
  create(ctx) {
    return {
      bot(ir) {
        const used = enteredTopics(ir);
        // Triggers of included or inherited topics answer inside the topics that pull them in.
        const queue = [...used];
        for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
          const topic = ir.topics[name];
          for (const next of [...(topic?.includes ?? []), ...(topic?.inherits ?? [])]) {
            if (!used.has(next)) {
              used.add(next);
              queue.push(next);
            }
          }
        }
        for (const topic of Object.values(ir.topics)) {
          if (used.has(topic.name)) continue;
          const span = topic.span ?? ir.triggers.find((t) => t.topic === topic.name)?.span;
          if (span) ctx.report({ span, messageId: "main", data: { topic: topic.name } });
        }
      },
    };
  },
});
