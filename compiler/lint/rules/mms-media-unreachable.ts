/** @module SMS007: a media file or URL that cannot be fetched (missing file, 404, timeout). */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";

export default createRule({
  meta: ruleMeta("mms-media-unreachable", "SMS007", "problem", { defaultOptions: {} }),
  create(ctx) {
    const probe = ctx.env.probeMedia;
    return {
      message(m) {
        if (!probe) return;
        for (const item of m.media) {
          if (item.url === null) continue;
          const info = probe(item.url);
          if (info && !info.ok) ctx.report({ span: item.span, messageId: "main", data: { url: item.url, reason: info.reason } });
        }
      },
    };
  },
});
