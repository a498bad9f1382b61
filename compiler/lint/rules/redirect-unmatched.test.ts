/** @module Tests for redirect-unmatched (BOT202). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./redirect-unmatched.ts";

ruleTester.run("redirect-unmatched", rule, {
  valid: [
    "+ hello\n- Hi!\n+ hey\n@ hello\n",
    "+ my name is *\n- Hi <star>\n+ call me *\n@ my name is <star>\n",
    "+ what (time|hour) is it\n- Noon\n+ time\n- {@ what hour is it}\n",
  ],
  invalid: [
    {
      code: "+ hello\n- Hi!\n+ hey\n@ helo\n",
      errors: [{ code: "BOT202", line: 4, column: 1, endLine: 4, endColumn: 7, data: { target: "helo", topic: "default" } }],
    },
    {
      code: "+ hello\n- Hi!\n+ hey\n- {@ greetings}\n",
      errors: [{ code: "BOT202", line: 4, column: 3, endLine: 4, endColumn: 16, data: { target: "greetings", topic: "default" } }],
    },
  ],
});
