/** @module SMS007: a media file or URL that cannot be fetched (missing file, not http(s), 404, timeout). */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { mediaRefusal } from "../media.ts";

export default createRule({
  meta: ruleMeta("mms-media-unreachable", "SMS007", "problem", { defaultOptions: {} }),
  create(ctx) {
    return {
      message(m) {
        for (const item of m.media) {
          const refusal = mediaRefusal(item, ctx.env);
          if (item.url === null || (refusal?.problem !== "missing" && refusal?.problem !== "scheme")) continue;
          ctx.report({ span: item.span, messageId: "main", data: { url: item.url, reason: refusal.reason } });
        }
      },
    };
  },
});
