/**
 * @module BOT220: `<starN>`/`<botstarN>` in a reply to a pattern that captures nothing. It renders `undefined`, as in
 * rivescript, so it is a warning rather than BOT206's error (a brain may pass it to a macro on purpose).
 */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { captureCount } from "../patterns.ts";

export default createRule({
  meta: ruleMeta("star-without-capture", "BOT220", "problem", { defaultOptions: {} }),
  create(ctx) {
    return {
      part(part, trigger, fallback) {
        if (part.type !== "star" || !trigger) return;
        const pattern = part.source === "user" ? trigger.pattern : trigger.previous;
        if (pattern && captureCount(pattern) > 0) return;
        const tag = part.source === "user" ? "star" : "botstar";
        ctx.report({ span: part.span ?? fallback, messageId: "main", data: { tag, index: part.index } });
      },
    };
  },
});
