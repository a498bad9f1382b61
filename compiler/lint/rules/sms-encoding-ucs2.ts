/** @module SMS002: literal characters that force UCS-2, with their GSM-7 look-alikes and the segment cost. */
import type { Span } from "../../diagnostics/types.ts";
import { createRule, type RenderedMessage } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { estimateSegments, gsmLookAlike } from "../segments.ts";
import { findInRegions } from "../locate.ts";

export default createRule({
  meta: ruleMeta<{ always: boolean }>("sms-encoding-ucs2", "SMS002", "suggestion", {
    schema: { type: "object", additionalProperties: false, properties: { always: { type: "boolean" } } },
    defaultOptions: { always: false },
  }),
  create(ctx) {
    /** Where a character sits: text parts with spans first, then the message, then the whole reply. */
    const locate = (char: string, m: RenderedMessage): Span => {
      const regions = [...m.parts.map((p) => p.span).filter((s): s is Span => s !== undefined), m.span, m.variant.span];
      return findInRegions(char, regions, ctx.env.sources) ?? m.span;
    };
    return {
      message(m) {
        if (m.encoding !== "UCS-2") return;
        const chars = estimateSegments(m.worstText).nonGsm;
        // What the message would cost with every forcing character replaced by a GSM-7 one.
        let asGsm = m.worstText;
        for (const c of chars) asGsm = asGsm.split(c).join(gsmLookAlike(c) ?? "?");
        const from = estimateSegments(asGsm).segments;
        for (const char of chars) {
          const replacement = gsmLookAlike(char);
          // Look-alikes are nearly always pasted by accident; other scripts and emoji are reported only when they cost.
          if (replacement === undefined && from >= m.segments && !ctx.options.always) continue;
          const codePoint = `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
          ctx.report({
            span: locate(char, m),
            messageId: "main",
            data: {
              char,
              codePoint,
              from,
              to: m.segments,
              suggestion: replacement === undefined ? "" : `; use ${JSON.stringify(replacement)} instead`,
            },
          });
        }
      },
    };
  },
});
