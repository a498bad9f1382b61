/** @module SMS006: one non-image attachment over the configured size (carriers drop it with error 30019). */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { TRANSCODED_TYPES, baseType, typeFromExtension } from "../../../sms/media/content-types.ts";

export default createRule({
  meta: ruleMeta<{ limit?: number }>("mms-media-item-size", "SMS006", "suggestion", {
    schema: { type: "object", additionalProperties: false, properties: { limit: { type: "integer", minimum: 1 } } },
    defaultOptions: {},
  }),
  create(ctx) {
    const probe = ctx.env.probeMedia;
    const limit = ctx.options.limit ?? ctx.env.config.lint.maxMediaBytes;
    return {
      message(m) {
        if (!probe) return;
        for (const item of m.media) {
          const info = item.url === null ? undefined : probe(item.url);
          if (!info?.ok || info.bytes === null || item.url === null || info.bytes <= limit) continue;
          // JPEG, PNG and GIF are resized by Twilio; only the 5 MB total applies to them.
          const type = info.contentType ? baseType(info.contentType) : typeFromExtension(item.url);
          if (type !== null && TRANSCODED_TYPES.has(type)) continue;
          ctx.report({ span: item.span, messageId: "main", data: { url: item.url, bytes: info.bytes, limit } });
        }
      },
    };
  },
});
