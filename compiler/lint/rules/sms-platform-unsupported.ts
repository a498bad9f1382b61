/** @module SMS011: `^template()` and `^metadata()`, which have no SMS rendering. */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";

export default createRule({
  meta: ruleMeta("sms-platform-unsupported", "SMS011", "problem", { defaultOptions: {} }),
  create(ctx) {
    return {
      part(part, _trigger, fallback) {
        if (part.type === "template" || part.type === "metadata") {
          ctx.report({ span: part.span ?? fallback, messageId: "main", data: { shortcode: part.type } });
        }
      },
    };
  },
});
