/** @module Tests for trigger-shadowed (BOT203). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./trigger-shadowed.ts";

ruleTester.run("trigger-shadowed", rule, {
  valid: ["+ hello\n- a\n+ hello *\n- b\n+ *\n- c\n", "+ hi\n- a\n> topic x\n+ hi\n- b\n< topic\n"],
  invalid: [
    {
      code: "+ hello\n- a\n+ hello\n- b\n",
      errors: [
        { code: "BOT203", line: 3, column: 3, endLine: 3, endColumn: 8, data: { trigger: "hello", reason: "the same trigger at test.bot:1 is tried first" } },
      ],
    },
    {
      code: "+ * {weight=10}\n- anything\n+ hours\n- 9-5\n",
      errors: [
        { code: "BOT203", line: 3, column: 3, endLine: 3, endColumn: 8, data: { trigger: "hours", reason: "the catch-all at test.bot:1 is tried first" } },
      ],
    },
  ],
});
