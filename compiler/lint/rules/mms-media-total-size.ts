/** @module SMS005: the media of one message adding up to more than Twilio's 5 MB. */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";

const LIMIT = 5 * 1024 * 1024;

export default createRule({
  meta: ruleMeta("mms-media-total-size", "SMS005", "problem", { defaultOptions: {} }),
  create(ctx) {
    const probe = ctx.env.probeMedia;
    return {
      message(m) {
        if (!probe) return;
        let bytes = 0;
        for (const item of m.media) {
          const info = item.url === null ? undefined : probe(item.url);
          if (info?.ok && info.bytes !== null) bytes += info.bytes;
        }
        const first = m.media[0];
        if (bytes > LIMIT && first) ctx.report({ span: first.span, messageId: "main", data: { bytes, limit: LIMIT } });
      },
    };
  },
});
