/** @module Tests for star-without-capture (BOT220). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./star-without-capture.ts";

ruleTester.run("star-without-capture", rule, {
  valid: ["+ *\n- <star>\n", "+ hello*\n- <star2>\n", "+ yes\n% ask * about *\n- <botstar2>\n", "+ (hi|hey)\n- <star>\n"],
  invalid: [
    {
      code: "+ hello\n- Hi <star>\n+ yes\n- <botstar>\n",
      errors: [
        { code: "BOT220", line: 2, column: 6, endLine: 2, endColumn: 12, data: { tag: "star", index: 1 } },
        { code: "BOT220", line: 4, column: 3, endLine: 4, endColumn: 12, data: { tag: "botstar", index: 1 } },
      ],
    },
    {
      code: "+ test\n- <call>log <star2></call>\n> object log javascript\nreturn args.join(' ');\n< object\n",
      errors: [{ code: "BOT220", line: 2, column: 13, endLine: 2, endColumn: 20, data: { tag: "star", index: 2 } }],
    },
  ],
});
