/** @module SMS003: a message longer than Twilio's 1,600-character body limit (error 21617). */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";

const LIMIT = 1600;

export default createRule({
  meta: ruleMeta("sms-length-limit", "SMS003", "problem", { defaultOptions: {} }),
  create(ctx) {
    return {
      message(m) {
        if (m.length > LIMIT) ctx.report({ span: m.span, messageId: "main", data: { length: m.length, limit: LIMIT } });
      },
    };
  },
});
