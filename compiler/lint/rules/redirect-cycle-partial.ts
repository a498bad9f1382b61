/** @module BOT210: redirects that loop forever among triggers that match only some messages (no catch-all in the loop). */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { reportCycles } from "../redirect-cycles.ts";

export default createRule({
  meta: ruleMeta("redirect-cycle-partial", "BOT210", "problem", { defaultOptions: {} }),
  create(ctx) {
    return {
      bot(ir) {
        reportCycles(ctx, ir, (cycle) => !cycle.some((t) => t.pattern.catchAll));
      },
    };
  },
});
