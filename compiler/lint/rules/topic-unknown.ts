/** @module BOT201: `{topic=x}` (or `<set topic=x>`) naming a topic that does not exist. */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { staticText } from "../walk.ts";

export default createRule({
  meta: ruleMeta("topic-unknown", "BOT201", "problem", { defaultOptions: {} }),
  create(ctx) {
    // `random` is the RiveScript name of `default`; `human` is where ^notifyAgent() parks the user.
    const known = (name: string): boolean => name in ctx.ir.topics || name === "random" || name === "human";
    return {
      part(part, _trigger, fallback) {
        const name = part.type === "topic" ? part.name : part.type === "set" && part.name === "topic" ? staticText(part.value) : null;
        if (name === null || known(name)) return;
        ctx.report({ span: part.span ?? fallback, messageId: "main", data: { topic: name } });
      },
    };
  },
});
