/** @module SMS008: media whose content type (from the extension or a HEAD request) MMS does not accept. */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { ACCEPTED_TYPES, baseType, typeFromExtension } from "../../../sms/media/content-types.ts";
import { mediaRefusal } from "../media.ts";

export default createRule({
  meta: ruleMeta("mms-media-type", "SMS008", "problem", { defaultOptions: {} }),
  create(ctx) {
    return {
      message(m) {
        for (const item of m.media) {
          if (item.url === null) continue;
          // A bot-folder file: the media rule judges it by its extension, as the runtime does.
          if (mediaRefusal(item, ctx.env)?.problem === "type") {
            const contentType = typeFromExtension(item.url) ?? "unknown";
            ctx.report({ span: item.span, messageId: "main", data: { url: item.url, contentType } });
            continue;
          }
          if (!/^https?:\/\//i.test(item.url.trim())) continue;
          const info = ctx.env.probeMedia?.(item.url);
          const probed = info?.ok && info.contentType ? baseType(info.contentType) : null;
          const contentType = probed ?? typeFromExtension(item.url);
          if (contentType === null || ACCEPTED_TYPES.has(contentType)) continue;
          ctx.report({ span: item.span, messageId: "main", data: { url: item.url, contentType } });
        }
      },
    };
  },
});
