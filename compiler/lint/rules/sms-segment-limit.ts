/** @module SMS001: a message whose worst case takes more segments than the configured limit. */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";

export default createRule({
  meta: ruleMeta<{ limit?: number }>("sms-segment-limit", "SMS001", "suggestion", {
    schema: { type: "object", additionalProperties: false, properties: { limit: { type: "integer", minimum: 1 } } },
    defaultOptions: {},
  }),
  create(ctx) {
    const limit = ctx.options.limit ?? ctx.env.config.lint.segmentLimit;
    return {
      message(m) {
        if (m.segments <= limit) return;
        ctx.report({
          span: m.span,
          messageId: "main",
          data: { segments: m.segments, encoding: m.encoding, length: m.length, limit },
        });
      },
    };
  },
});
