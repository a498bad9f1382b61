/** @module Tests for redirect-cycle-partial (BOT210): loops among triggers that match only some messages. */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./redirect-cycle-partial.ts";

ruleTester.run("redirect-cycle-partial", rule, {
  valid: [
    "+ a\n@ b\n+ b\n- done\n",
    // Through a catch-all it is BOT205.
    "+ a\n@ zzz\n+ *\n@ a\n",
    // A redirect behind a `{random}` may not be taken; a text with <star> is not known before the bot runs.
    "+ a\n- {random}{@ b}|fine{/random}\n+ b\n@ a\n+ c *\n@ c <star>\n",
    // `<get>` in a pattern that comes first: which trigger answers depends on the user.
    "+ a\n@ b\n+ <get name>\n- you\n+ b\n@ a\n",
  ],
  invalid: [
    {
      code: "+ a\n@ b\n+ b\n@ c\n+ c\n@ a\n",
      errors: [{ code: "BOT210", line: 2, column: 1, endLine: 2, endColumn: 4, data: { cycle: '"a" → "b" → "c" → "a"' } }],
    },
    {
      code: "+ hi\n@ hi\n",
      errors: [{ code: "BOT210", line: 2, column: 1, endLine: 2, endColumn: 5, data: { cycle: '"hi" → "hi"' } }],
    },
    {
      // Through a wildcard: "please help me" matches "* me", whose reply redirects back.
      code: "+ help\n@ please help me\n+ * me\n- Sure. {@ help}\n+ *\n- ?\n",
      errors: [{ code: "BOT210", line: 2, column: 1, endLine: 2, endColumn: 17, data: { cycle: '"help" → "* me" (for "please help me") → "help"' } }],
    },
    {
      // A trigger with conditions redirects first, whatever they say.
      code: "+ a\n* <get x> == 1 => stop\n@ b\n+ b\n@ a\n",
      errors: [{ code: "BOT210", line: 3, column: 1, endLine: 3, endColumn: 4, data: { cycle: '"a" → "b" → "a"' } }],
    },
  ],
});
