/** @module BOT202: a redirect (`@`, `{@}`) whose literal text no trigger of its topic matches, by the engine's own matcher. */
import type { Template, TriggerIR } from "../../ir/types.ts";
import type { Span } from "../../diagnostics/types.ts";
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { analyseRedirects } from "../redirects.ts";
import { spanOfParts, staticText } from "../walk.ts";
import { findLine } from "../locate.ts";

export default createRule({
  meta: ruleMeta("redirect-unmatched", "BOT202", "suggestion", { defaultOptions: {} }),
  create(ctx) {
    const analysis = () => analyseRedirects(ctx.ir);
    const check = (target: Template, trigger: TriggerIR, span: Span | undefined, fallback: Span): void => {
      const text = staticText(target);
      if (text === null) return;
      // A `{@}` after a `{topic=…}` in its reply is matched in that topic, as the engine renders them in order.
      const known = span && [...(analysis().branches.get(trigger.id) ?? [])].flatMap((b) => b.redirects).find((r) => r.span === span);
      const topic = known ? known.topic : trigger.topic;
      if (analysis().target(topic, text).kind !== "none") return;
      ctx.report({ span: span ?? fallback, messageId: "main", data: { target: text.trim(), topic } });
    };
    return {
      trigger(trigger) {
        const redirect = trigger.reply.redirect;
        // The `@` line itself when the source is at hand: redirect text parts carry no span.
        if (redirect) check(redirect, trigger, undefined, findLine(/^\s*@/, trigger.span, ctx.env.sources) ?? spanOfParts(redirect, trigger.span));
      },
      part(part, trigger, fallback) {
        if (part.type === "inlineRedirect" && trigger) check(part.target, trigger, part.span, fallback);
      },
    };
  },
});
