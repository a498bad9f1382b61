/** @module SMS012: namespace variables that other platforms fill but SMS does not (they render "undefined"). */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { staticName } from "../walk.ts";
import { isNamespaceVariable } from "../../ir/namespace-variables.ts";

export default createRule({
  meta: ruleMeta("sms-platform-variable", "SMS012", "suggestion", { defaultOptions: {} }),
  create(ctx) {
    return {
      part(part, _trigger, fallback) {
        const name = part.type === "get" ? staticName(part.name) : null;
        if (name === null || !name.startsWith("_")) return;
        if (isNamespaceVariable(name)) return;
        ctx.report({ span: part.span ?? fallback, messageId: "main", data: { name } });
      },
    };
  },
});
