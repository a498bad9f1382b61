/** @module SMS013: the delays of one reply adding up to more than the configured bound. */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";

export default createRule({
  meta: ruleMeta<{ limit?: number }>("sms-delay-total", "SMS013", "suggestion", {
    schema: { type: "object", additionalProperties: false, properties: { limit: { type: "number", exclusiveMinimum: 0 } } },
    defaultOptions: {},
  }),
  create(ctx) {
    const limit = ctx.options.limit ?? ctx.env.config.lint.maxTotalDelaySeconds;
    return {
      reply(variant) {
        const total = variant.body.reduce((sum, p) => sum + (p.type === "delay" ? p.seconds : 0), 0);
        if (total > limit) ctx.report({ span: variant.span, messageId: "main", data: { total, limit } });
      },
    };
  },
});
