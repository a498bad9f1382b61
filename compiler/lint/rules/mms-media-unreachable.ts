/** @module SMS007: a media URL that cannot be fetched (not http(s), 404, timeout). A missing bot-folder file is BOT216, an error. */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { mediaRefusal } from "../media.ts";
import { readReference } from "../../../sms/media/rule.ts";

export default createRule({
  meta: ruleMeta("mms-media-unreachable", "SMS007", "problem", { defaultOptions: {} }),
  create(ctx) {
    return {
      message(m) {
        for (const item of m.media) {
          const refusal = mediaRefusal(item, ctx.env);
          if (item.url === null || (refusal?.problem !== "missing" && refusal?.problem !== "scheme")) continue;
          if (refusal.problem === "missing" && readReference(item.url).kind === "file") continue;
          ctx.report({ span: item.span, messageId: "main", data: { url: item.url, reason: refusal.reason } });
        }
      },
    };
  },
});
