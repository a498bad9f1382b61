/** @module SMS015: a media path outside the bot folder (`..`, an absolute path, a link leading out), which the runtime never sends. */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { mediaRefusal } from "../media.ts";

export default createRule({
  meta: ruleMeta("mms-media-outside-bot-folder", "SMS015", "problem", { defaultOptions: {} }),
  create(ctx) {
    return {
      message(m) {
        for (const item of m.media) {
          const refusal = mediaRefusal(item, ctx.env);
          if (item.url === null || refusal?.problem !== "outside") continue;
          ctx.report({ span: item.span, messageId: "main", data: { url: item.url, reason: refusal.reason } });
        }
      },
    };
  },
});
