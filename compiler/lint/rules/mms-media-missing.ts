/**
 * @module BOT216: a media path in the bot folder (`^file(contact.vcf)`, `^image(logo.png)`) whose file does not
 * exist. The runtime drops such media from the message (RUN012) and sends the text alone, so this is an error
 * that fails CI; URLs that cannot be fetched stay SMS007, a warning (a server may be down only for now).
 */
import { readReference } from "../../../sms/media/rule.ts";
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { mediaRefusal } from "../media.ts";

export default createRule({
  meta: ruleMeta("mms-media-missing", "BOT216", "problem", { defaultOptions: {} }),
  create(ctx) {
    return {
      message(m) {
        for (const item of m.media) {
          if (item.url === null || readReference(item.url).kind !== "file") continue;
          const refusal = mediaRefusal(item, ctx.env);
          if (refusal?.problem !== "missing") continue;
          ctx.report({ span: item.span, messageId: "main", data: { path: item.url, reason: refusal.reason } });
        }
      },
    };
  },
});
