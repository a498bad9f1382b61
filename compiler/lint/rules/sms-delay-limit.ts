/** @module SMS013: a `<delay>` longer than the 120-second maximum. */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";

const LIMIT = 120;

export default createRule({
  meta: ruleMeta("sms-delay-limit", "SMS013", "problem", { defaultOptions: {} }),
  create(ctx) {
    return {
      part(part, _trigger, fallback) {
        if (part.type === "delay" && part.seconds > LIMIT) {
          ctx.report({ span: part.span ?? fallback, messageId: "main", data: { seconds: part.seconds, limit: LIMIT } });
        }
      },
    };
  },
});
