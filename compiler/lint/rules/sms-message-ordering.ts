/** @module SMS009: several messages of one reply sent at the same instant, which carriers may reorder. */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { splitMessages } from "../messages.ts";

export default createRule({
  meta: ruleMeta("sms-message-ordering", "SMS009", "suggestion", { defaultOptions: {} }),
  create(ctx) {
    // With strict ordering the runtime waits for each message's status before sending the next.
    if (ctx.env.config.runtime?.["ordering"] === "strict") return {};
    return {
      reply(variant) {
        const drafts = splitMessages(variant);
        for (let i = 0; i < drafts.length;) {
          const first = drafts[i];
          let j = i + 1;
          while (j < drafts.length && drafts[j]?.at === first?.at) j++;
          const second = drafts[i + 1];
          if (j - i >= 2 && second) {
            ctx.report({ span: second.span, messageId: "main", data: { count: j - i } });
          }
          i = j;
        }
      },
    };
  },
});
