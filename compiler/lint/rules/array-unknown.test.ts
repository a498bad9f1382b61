/** @module Tests for array-unknown (BOT209). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./array-unknown.ts";

ruleTester.run("array-unknown", rule, {
  valid: [
    "! array yes = yes yeah yep\n+ @yes\n- Great.\n+ i said (@yes)\n- ok\n",
    "! array colors = red|light blue\n+ *\n% my favorite is (@colors) [@colors]\n- ok\n",
  ],
  invalid: [
    {
      code: "! array no = no nope\n+ @yes\n- Great.\n",
      errors: [{ code: "BOT209", line: 2, column: 3, endLine: 2, endColumn: 7, data: { name: "yes" } }],
    },
    {
      code: "+ i am a [@malenoun] (@malenoun|x)\n- ok\n+ *\n% you are (@no)\n- hm\n",
      errors: [
        { code: "BOT209", line: 1, column: 3, endLine: 1, endColumn: 35, data: { name: "malenoun" } },
        { code: "BOT209", line: 4, column: 3, endLine: 4, endColumn: 16, data: { name: "no" } },
      ],
    },
  ],
});
