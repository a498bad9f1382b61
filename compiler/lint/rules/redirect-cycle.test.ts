/** @module Tests for redirect-cycle (BOT205). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./redirect-cycle.ts";

ruleTester.run("redirect-cycle", rule, {
  valid: [
    "+ a\n@ b\n+ b\n- done\n",
    "+ a\n* <get x> == 1 => stop\n@ b\n+ b\n@ a\n",
  ],
  invalid: [
    {
      code: "+ a\n@ b\n+ b\n@ c\n+ c\n@ a\n",
      errors: [{ code: "BOT205", line: 2, column: 1, endLine: 2, endColumn: 4, data: { cycle: '"a" → "b" → "c" → "a"' } }],
    },
    {
      code: "+ hi\n@ hi\n",
      errors: [{ code: "BOT205", line: 2, column: 1, endLine: 2, endColumn: 5, data: { cycle: '"hi" → "hi"' } }],
    },
  ],
});
