/** @module SMS004: more than 10 media on one message (error 21623). */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";

const LIMIT = 10;

export default createRule({
  meta: ruleMeta("mms-media-count", "SMS004", "problem", { defaultOptions: {} }),
  create(ctx) {
    return {
      message(m) {
        const extra = m.media[LIMIT];
        if (!extra) return;
        ctx.report({ span: extra.span, messageId: "main", data: { count: m.media.length, limit: LIMIT } });
      },
    };
  },
});
