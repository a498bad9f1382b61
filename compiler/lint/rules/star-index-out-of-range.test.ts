/** @module Tests for star-index-out-of-range (BOT206). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./star-index-out-of-range.ts";

ruleTester.run("star-index-out-of-range", rule, {
  valid: [
    "+ * says (hi|bye) to #\n- <star1> <star2> <star3>\n",
    "+ *\n- <star>\n",
    "+ yes\n% ask * about *\n- <botstar2>\n",
    "+ hello*\n- glued <star>\n+ my (girlfriend|boyfriend)* name is *\n- <star1> <star2> <star3>\n",
    // Nothing captured at all: BOT220's warning, not this error.
    "+ hello\n- Hi <star>\n+ yes\n- <botstar>\n",
  ],
  invalid: [
    {
      code: "+ hello*\n- <star2>\n",
      errors: [{ code: "BOT206", line: 2, column: 3, endLine: 2, endColumn: 10, data: { tag: "star", index: 2, count: 1 } }],
    },
    {
      code: "+ * and *\n- <star3>\n",
      errors: [{ code: "BOT206", line: 2, column: 3, endLine: 2, endColumn: 10, data: { tag: "star", index: 3, count: 2 } }],
    },
  ],
});
