/** @module Tests for catch-all-missing (BOT208). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./catch-all-missing.ts";

ruleTester.run("catch-all-missing", rule, {
  valid: ["+ hi\n- hello\n+ *\n- Sorry?\n"],
  invalid: [
    {
      code: "+ hi\n- hello\n",
      errors: [{ code: "BOT208", line: 1, column: 1, endLine: 1, endColumn: 1, data: {} }],
    },
  ],
});
