/** @module SMS010: triggers for the keywords Twilio handles itself (opt-out, opt-in, help). */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { hasLiteralWords, patternMatches } from "../patterns.ts";
import { keywordFix } from "../keyword-fix.ts";
import { HELP_KEYWORDS, OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS } from "../../../sms/keywords/opt-out.ts";
import { helpModeOfConfig, type HelpMode } from "../../../sms/keywords/index.ts";

const OPT_OUT = "the user is unsubscribed and gets Twilio's opt-out confirmation; this reply is never sent";
const OPT_IN = "an opted-out user is re-subscribed and gets Twilio's confirmation, not this reply; anyone else gets this reply";
/** HELP as the runners treat it: the bot runs for HELP and INFO only with `runtime.help: bot`. */
const HELP: Record<HelpMode, string> = {
  twilio: "Twilio answers with the sender's help text and this reply is never sent (the bot answers HELP only with runtime.help: bot in bot.config.yaml)",
  bot: "Twilio answers with the sender's help text as well as this reply (runtime.help: bot)",
};

/** What Twilio does with each family of keywords: the sentence for one family, and a short form for a list of them. */
function families(help: HelpMode) {
  return {
    "opt-out": { effect: OPT_OUT, short: "unsubscribe the user, and this reply is never sent" },
    "opt-in": { effect: OPT_IN, short: "re-subscribe an opted-out user, who gets Twilio's confirmation instead of this reply" },
    help: {
      effect: HELP[help],
      short: help === "bot" ? "get the sender's help text from Twilio as well as this reply" : "get the sender's help text from Twilio instead of this reply",
    },
  } as const;
}
type Family = "opt-out" | "opt-in" | "help";

/** Whole-message keywords (case-insensitive), as Twilio matches them: the runtime's own lists, so lint and the runners agree. */
export const RESERVED_KEYWORDS: Readonly<Record<string, Family>> = Object.fromEntries([
  ...OPT_OUT_KEYWORDS.map((k) => [k, "opt-out"] as const),
  ...OPT_IN_KEYWORDS.map((k) => [k, "opt-in"] as const),
  ...HELP_KEYWORDS.map((k) => [k, "help"] as const),
]);

const quoted = (words: readonly string[]): string => {
  const q = words.map((w) => `"${w}"`);
  return q.length <= 1 ? (q[0] ?? "") : `${q.slice(0, -1).join(", ")} and ${q[q.length - 1]}`;
};

/**
 * The message's `keywords` and `effect` for the keywords a trigger matches: `"HELP" and "INFO"` with one
 * family's sentence, or, across families, the count and each family's keywords with what Twilio does.
 */
export function describeKeywords(keywords: readonly string[], help: HelpMode = "twilio"): { keywords: string; effect: string } {
  const FAMILIES = families(help);
  const found = new Map<Family, string[]>();
  for (const k of keywords) {
    const family = RESERVED_KEYWORDS[k];
    if (family) found.set(family, [...(found.get(family) ?? []), k]);
  }
  const [only, ...others] = [...found.entries()];
  if (only && others.length === 0) return { keywords: quoted(only[1]), effect: FAMILIES[only[0]].effect };
  const effect = [...found.entries()].map(([family, words]) => `${family} ${words.join(", ")} ${FAMILIES[family].short}`).join("; ");
  return { keywords: `${keywords.length} keywords`, effect };
}

export default createRule({
  meta: ruleMeta("sms-reserved-keyword", "SMS010", "suggestion", { defaultOptions: {} }),
  create(ctx) {
    // A standalone short code gets no keyword handling from Twilio: the bot must answer these itself.
    if (ctx.env.config.sender?.type === "short-code") return {};
    // A bad runtime.help is the config schema's finding (BOT290); the wording then assumes the default.
    const help = helpModeOfConfig(ctx.env.config.runtime).mode ?? "twilio";
    return {
      trigger(trigger) {
        // A wildcard-only trigger happens to match the keywords too; only words written for them count.
        if (trigger.previous || !hasLiteralWords(trigger.pattern)) return;
        const matched = Object.keys(RESERVED_KEYWORDS).filter((k) => patternMatches(trigger.pattern, k.toLowerCase(), ctx.ir));
        if (matched.length === 0) return;
        const { keywords, effect } = describeKeywords(matched, help);
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
