/** @module SMS014: a broadcast body from a long code or toll-free number that does not say how to opt out. */
import type { Template } from "../../ir/types.ts";
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { walkTemplate } from "../walk.ts";

/** "Reply STOP to unsubscribe", "Text END to opt out", "STOP to cancel" … with a standard opt-out keyword. */
const OPT_OUT_LANGUAGE =
  /\b(?:(?:reply|text|send|txt|respond)(?:\s+with)?\s+)?["'“‘]?(?:stop|stopall|unsubscribe|cancel|end|quit|optout|revoke)["'”’]?\s+(?:to\s+)?(?:opt[\s-]?out|unsubscribe|stop|cancel|end|quit)\b/iu;

function allText(body: Template): string {
  let text = "";
  walkTemplate(body, (p) => {
    if (p.type === "text") text += p.value;
  });
  return text;
}

export default createRule({
  meta: ruleMeta<{ senders: string[] }>("broadcast-opt-out-missing", "SMS014", "problem", {
    schema: {
      type: "object",
      additionalProperties: false,
      properties: {
        senders: { type: "array", items: { enum: ["long-code", "toll-free", "short-code", "messaging-service"] } },
      },
    },
    defaultOptions: { senders: ["long-code", "toll-free"] },
  }),
  create(ctx) {
    const sender = ctx.env.config.sender?.type;
    return {
      broadcast(variant) {
        if (!sender || !ctx.options.senders.includes(sender)) return;
        if (OPT_OUT_LANGUAGE.test(allText(variant.body))) return;
        ctx.report({ span: variant.span, messageId: "main", data: { sender } });
      },
    };
  },
});
