/** @module SMS016: a media path through a hidden file or folder (`.env`, `.bot/x.png`), which the runtime never sends or serves. */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { mediaRefusal } from "../media.ts";

export default createRule({
  meta: ruleMeta("mms-media-hidden", "SMS016", "problem", { defaultOptions: {} }),
  create(ctx) {
    return {
      message(m) {
        for (const item of m.media) {
          const refusal = mediaRefusal(item, ctx.env);
          if (item.url === null || refusal?.problem !== "hidden") continue;
          ctx.report({ span: item.span, messageId: "main", data: { url: item.url, reason: refusal.reason } });
        }
      },
    };
  },
});
