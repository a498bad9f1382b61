/** @module SMS010: triggers for the keywords Twilio handles itself (opt-out, opt-in, help). */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { hasLiteralWords, patternMatches } from "../patterns.ts";

const OPT_OUT = "the user is unsubscribed and gets Twilio's opt-out confirmation; this reply is never sent";
const OPT_IN = "the user is re-subscribed and gets Twilio's confirmation as well as this reply";
const HELP = "Twilio answers with the sender's help text as well as this reply";

/** Whole-message keywords (case-insensitive), as Twilio matches them. */
export const RESERVED_KEYWORDS: Readonly<Record<string, string>> = {
  STOP: OPT_OUT,
  STOPALL: OPT_OUT,
  UNSUBSCRIBE: OPT_OUT,
  CANCEL: OPT_OUT,
  END: OPT_OUT,
  QUIT: OPT_OUT,
  OPTOUT: OPT_OUT,
  REVOKE: OPT_OUT,
  START: OPT_IN,
  YES: OPT_IN,
  UNSTOP: OPT_IN,
  HELP: HELP,
  INFO: HELP,
};

export default createRule({
  meta: ruleMeta("sms-reserved-keyword", "SMS010", "suggestion", { defaultOptions: {} }),
  create(ctx) {
    // A standalone short code gets no keyword handling from Twilio: the bot must answer these itself.
    if (ctx.env.config.sender?.type === "short-code") return {};
    return {
      trigger(trigger) {
        // A wildcard-only trigger happens to match the keywords too; only words written for them count.
        if (trigger.previous || !hasLiteralWords(trigger.pattern)) return;
        for (const [keyword, effect] of Object.entries(RESERVED_KEYWORDS)) {
          if (patternMatches(trigger.pattern, keyword.toLowerCase(), ctx.ir)) {
            ctx.report({ span: trigger.pattern.span, messageId: "main", data: { keyword, effect } });
          }
        }
      },
    };
  },
});
