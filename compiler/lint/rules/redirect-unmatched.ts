/** @module BOT202: a redirect (`@`, `{@}`) whose static text no trigger in reach can match. */
import type { Template, TriggerIR } from "../../ir/types.ts";
import type { Span } from "../../diagnostics/types.ts";
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { candidateTriggers, normalizeMessage, patternMatches } from "../patterns.ts";
import { spanOfParts, staticText } from "../walk.ts";
import { findLine } from "../locate.ts";

export default createRule({
  meta: ruleMeta("redirect-unmatched", "BOT202", "suggestion", { defaultOptions: {} }),
  create(ctx) {
    const check = (target: Template, trigger: TriggerIR, span: Span): void => {
      const text = staticText(target);
      if (text === null) return;
      const normalised = normalizeMessage(text);
      const topic = ctx.ir.topics[trigger.topic];
      const reachable = [
        ...candidateTriggers(ctx.ir, trigger.topic),
        ...(topic?.previous ?? []).map((id) => ctx.ir.triggers[id]).filter((t): t is TriggerIR => t !== undefined),
      ];
      if (reachable.some((t) => patternMatches(t.pattern, normalised, ctx.ir))) return;
      ctx.report({ span, messageId: "main", data: { target: text.trim(), topic: trigger.topic } });
    };
    return {
      trigger(trigger) {
        const redirect = trigger.reply.redirect;
        // The `@` line itself when the source is at hand: redirect text parts carry no span.
        if (redirect) check(redirect, trigger, findLine(/^\s*@/, trigger.span, ctx.env.sources) ?? spanOfParts(redirect, trigger.span));
      },
      part(part, trigger, fallback) {
        if (part.type === "inlineRedirect" && trigger) check(part.target, trigger, part.span ?? fallback);
      },
    };
  },
});
