/** @module SMS012: namespace variables that other platforms fill but SMS does not (they render "undefined"). */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { staticName } from "../walk.ts";

/** Filled by the SMS runtime (docs/language.md "Dexter directions and shortcodes"); `_reminder_NAME` is handled by prefix. */
const SMS_VARIABLES = new Set([
  "_platform",
  "_platformId",
  "_userPhone",
  "_rawMsgText",
  "_firstMsgSent",
  "_lastMsgReceived",
  "_fromCity",
  "_fromState",
  "_fromZip",
  "_fromCountry",
]);

export default createRule({
  meta: ruleMeta("sms-platform-variable", "SMS012", "suggestion", { defaultOptions: {} }),
  create(ctx) {
    return {
      part(part, _trigger, fallback) {
        const name = part.type === "get" ? staticName(part.name) : null;
        if (name === null || !name.startsWith("_")) return;
        if (SMS_VARIABLES.has(name) || name.startsWith("_reminder_")) return;
        ctx.report({ span: part.span ?? fallback, messageId: "main", data: { name } });
      },
    };
  },
});
