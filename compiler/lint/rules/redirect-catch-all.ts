/**
 * @module BOT215: a redirect (`@`, `{@…}`) whose literal text only a catch-all (`*` alone) matches, by the engine's
 * own matcher: usually a typo or a trigger that was renamed, and BOT202 cannot see it once the bot has the catch-all
 * BOT208 asks for. Names the catch-all it falls to and the nearest trigger ("did you mean").
 */
import type { BotIR, Template, TriggerIR } from "../../ir/types.ts";
import type { Span } from "../../diagnostics/types.ts";
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { analyseRedirects } from "../redirects.ts";
import { spanOfParts, staticText } from "../walk.ts";
import { findLine } from "../locate.ts";
import { buildSubIndex, normaliseMessage, type SubIndex } from "../../../engine/normalise.ts";
import { nearestIndex, nearestTriggers, type NearestIndex } from "../../../engine/match/nearest.ts";

/** One nearest-trigger index (and substitution table) per IR, built on the first redirect that needs it. */
const indexes = new WeakMap<BotIR, { index: NearestIndex; subs: SubIndex }>();

function didYouMean(ir: BotIR, text: string, topic: string, from: number): string {
  let built = indexes.get(ir);
  if (built === undefined) indexes.set(ir, (built = { index: nearestIndex(ir), subs: buildSubIndex(ir.subs) }));
  const { index, subs } = built;
  const words = normaliseMessage(text, subs).words;
  // The redirect's own topic first among equally near triggers; a few candidates only: lint stays near-linear.
  const [best] = nearestTriggers(index, words, { topics: new Set([topic, "default"]), prefer: topic, exclude: from, limit: 1, tried: 12 });
  if (best === undefined) return "";
  const trigger = ir.triggers[best.triggerId]!;
  return `; did you mean \`+ ${trigger.text}\` (${trigger.span.file}:${trigger.span.start.line})?`;
}

export default createRule({
  meta: ruleMeta("redirect-catch-all", "BOT215", "suggestion", { defaultOptions: {} }),
  create(ctx) {
    const analysis = () => analyseRedirects(ctx.ir);
    // The fallback span is looked up in the source only for a finding: most redirects are fine.
    const check = (target: Template, trigger: TriggerIR, span: Span | undefined, fallback: () => Span): void => {
      const text = staticText(target);
      if (text === null || text.trim() === "") return;
      // Matched where it runs, as BOT202 does: after a `{topic=…}` earlier in the reply, in that topic.
      const known = span && [...(analysis().branches.get(trigger.id) ?? [])].flatMap((b) => b.redirects).find((r) => r.span === span);
      const topic = known ? known.topic : trigger.topic;
      const found = analysis().target(topic, text);
      // A catch-all redirecting to itself is BOT205's loop, not a missing trigger.
      if (found.kind !== "trigger" || !found.trigger.pattern.catchAll || found.trigger.id === trigger.id) return;
      const catchAll = found.trigger;
      ctx.report({
        span: span ?? fallback(),
        messageId: "main",
        data: {
          target: text.trim(),
          topic,
          catchAll: catchAll.topic === "default" ? "+ *" : `+ * (topic ${catchAll.topic})`,
          line: catchAll.span.start.line,
          didYouMean: didYouMean(ctx.ir, text, topic, trigger.id),
        },
      });
    };
    return {
      trigger(trigger) {
        const redirect = trigger.reply.redirect;
        if (redirect) check(redirect, trigger, undefined, () => findLine(/^\s*@/, trigger.span, ctx.env.sources) ?? spanOfParts(redirect, trigger.span));
      },
      part(part, trigger, fallback) {
        if (part.type === "inlineRedirect" && trigger) check(part.target, trigger, part.span, () => fallback);
      },
    };
  },
});
