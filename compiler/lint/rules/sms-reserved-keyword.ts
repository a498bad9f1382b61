/** @module SMS010: triggers for the keywords Twilio handles itself (opt-out, opt-in, help). */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { hasLiteralWords, patternMatches } from "../patterns.ts";
import { keywordFix } from "../keyword-fix.ts";

const OPT_OUT = "the user is unsubscribed and gets Twilio's opt-out confirmation; this reply is never sent";
const OPT_IN = "the user is re-subscribed and gets Twilio's confirmation as well as this reply";
const HELP = "Twilio answers with the sender's help text as well as this reply";

/** What Twilio does with each family of keywords: the sentence for one family, and a short form for a list of them. */
const FAMILIES = {
  "opt-out": { effect: OPT_OUT, short: "unsubscribe the user, and this reply is never sent" },
  "opt-in": { effect: OPT_IN, short: "re-subscribe the user, who gets Twilio's confirmation as well as this reply" },
  help: { effect: HELP, short: "get the sender's help text from Twilio as well as this reply" },
} as const;
type Family = keyof typeof FAMILIES;

/** Whole-message keywords (case-insensitive), as Twilio matches them. */
export const RESERVED_KEYWORDS: Readonly<Record<string, Family>> = {
  STOP: "opt-out",
  STOPALL: "opt-out",
  UNSUBSCRIBE: "opt-out",
  CANCEL: "opt-out",
  END: "opt-out",
  QUIT: "opt-out",
  OPTOUT: "opt-out",
  REVOKE: "opt-out",
  START: "opt-in",
  YES: "opt-in",
  UNSTOP: "opt-in",
  HELP: "help",
  INFO: "help",
};

const quoted = (words: readonly string[]): string => {
  const q = words.map((w) => `"${w}"`);
  return q.length <= 1 ? (q[0] ?? "") : `${q.slice(0, -1).join(", ")} and ${q[q.length - 1]}`;
};

/**
 * The message's `keywords` and `effect` for the keywords a trigger matches: `"HELP" and "INFO"` with one
 * family's sentence, or, across families, the count and each family's keywords with what Twilio does.
 */
export function describeKeywords(keywords: readonly string[]): { keywords: string; effect: string } {
  const families = new Map<Family, string[]>();
  for (const k of keywords) {
    const family = RESERVED_KEYWORDS[k];
    if (family) families.set(family, [...(families.get(family) ?? []), k]);
  }
  const [only, ...others] = [...families.entries()];
  if (only && others.length === 0) return { keywords: quoted(only[1]), effect: FAMILIES[only[0]].effect };
  const effect = [...families.entries()].map(([family, words]) => `${family} ${words.join(", ")} ${FAMILIES[family].short}`).join("; ");
  return { keywords: `${keywords.length} keywords`, effect };
}

export default createRule({
  meta: ruleMeta("sms-reserved-keyword", "SMS010", "suggestion", { defaultOptions: {} }),
  create(ctx) {
    // A standalone short code gets no keyword handling from Twilio: the bot must answer these itself.
    if (ctx.env.config.sender?.type === "short-code") return {};
    return {
      trigger(trigger) {
        // A wildcard-only trigger happens to match the keywords too; only words written for them count.
        if (trigger.previous || !hasLiteralWords(trigger.pattern)) return;
        const matched = Object.keys(RESERVED_KEYWORDS).filter((k) => patternMatches(trigger.pattern, k.toLowerCase(), ctx.ir));
        if (matched.length === 0) return;
        const { keywords, effect } = describeKeywords(matched);
        const fixed = keywordFix(trigger, matched, ctx.ir, ctx.env.sources.get(trigger.span.file));
        ctx.report({
          span: trigger.pattern.span,
          messageId: "main",
          data: { keywords, count: matched.length, effect },
          ...(fixed ? { fix: fixed.fix } : {}),
        });
      },
    };
  },
});
