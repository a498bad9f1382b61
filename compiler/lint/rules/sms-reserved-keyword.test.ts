/** @module Tests for sms-reserved-keyword (SMS010). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule, { RESERVED_KEYWORDS } from "./sms-reserved-keyword.ts";

ruleTester.run("sms-reserved-keyword", rule, {
  valid: [
    "+ stop please\n- ok\n",
    "+ help *\n- ok\n",
    "+ *\n- catch-all\n",
    { code: "+ stop\n- Bye\n", sender: { type: "short-code" }, name: "short codes handle their own keywords" },
  ],
  invalid: [
    {
      code: "+ stop\n- Bye\n",
      errors: [{ code: "SMS010", line: 1, column: 3, endLine: 1, endColumn: 7, data: { keyword: "STOP", effect: RESERVED_KEYWORDS.STOP ?? "" } }],
    },
    {
      code: "+ [please] (help|info)\n- I can help\n",
      errors: [
        { code: "SMS010", line: 1, column: 3, endLine: 1, endColumn: 23, data: { keyword: "HELP", effect: RESERVED_KEYWORDS.HELP ?? "" } },
        { code: "SMS010", line: 1, column: 3, endLine: 1, endColumn: 23, data: { keyword: "INFO", effect: RESERVED_KEYWORDS.INFO ?? "" } },
      ],
    },
  ],
});
