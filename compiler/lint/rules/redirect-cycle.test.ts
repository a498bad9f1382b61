/** @module Tests for redirect-cycle (BOT205): loops through a catch-all, found with the engine's matcher. */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./redirect-cycle.ts";

ruleTester.run("redirect-cycle", rule, {
  valid: [
    "+ a\n@ b\n+ b\n- done\n+ *\n@ a\n",
    // Loops among literal triggers only are BOT210, not this.
    "+ a\n@ b\n+ b\n@ a\n",
    // A more specific trigger answers the redirect before the catch-all does.
    "> topic checkout\n+ finish\n- Done!{topic=random}\n+ *\n- {@ finish}\n< topic\n+ *\n- hi\n",
    // One way out (a condition that answers) and the loop is not certain.
    "+ *\n* <get x> == 1 => stop\n- {@ again}\n",
  ],
  invalid: [
    {
      // Issue example: in the topic the catch-all also matches the redirect's text.
      code: "+ checkout\n- Ok.{topic=checkout}\n> topic checkout\n+ *\n- {@ finish}\n< topic\n+ *\n- hi\n",
      errors: [
        { code: "BOT205", line: 5, column: 3, endLine: 5, endColumn: 13, data: { cycle: '"*" in topic checkout → "*" in topic checkout (for "finish")' } },
      ],
    },
    {
      // A text no other trigger matches falls to the catch-all, whose redirect comes back.
      code: "+ help\n@ please help me now\n+ * me\n- {@ help}\n+ *\n@ help\n",
      errors: [{ code: "BOT205", line: 2, column: 1, endLine: 2, endColumn: 21, data: { cycle: '"help" → "*" (for "please help me now") → "help"' } }],
    },
    {
      // Every branch of a conditional trigger loops: each condition and the `-` reply.
      code: "+ *\n* <get x> == 1 => {@ again}\n* <get x> == 2 => {formal}{@ again}{/formal}\n- {@ again and again}\n",
      errors: [{ code: "BOT205", line: 2, column: 19, endLine: 2, endColumn: 28, data: { cycle: '"*" → "*" (for "again")' } }],
    },
    {
      // `@` fires before any condition is looked at, in the engine as in rivescript.
      code: "+ *\n* <get x> == 1 => stop\n@ more\n",
      errors: [{ code: "BOT205", line: 3, column: 1, endLine: 3, endColumn: 7, data: { cycle: '"*" → "*" (for "more")' } }],
    },
  ],
});
