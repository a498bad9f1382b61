/** @module BOT205: redirects that loop forever through a catch-all, so every message it gets in that topic is lost. */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { reportCycles } from "../redirect-cycles.ts";

export default createRule({
  meta: ruleMeta("redirect-cycle", "BOT205", "problem", { defaultOptions: {} }),
  create(ctx) {
    return {
      bot(ir) {
        reportCycles(ctx, ir, (cycle) => cycle.some((t) => t.pattern.catchAll));
      },
    };
  },
});
