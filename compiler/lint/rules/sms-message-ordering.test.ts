/** @module Tests for sms-message-ordering (SMS009). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./sms-message-ordering.ts";

ruleTester.run("sms-message-ordering", rule, {
  valid: [
    "+ hi\n- One <delay seconds=1> two <delay seconds=1> three\n",
    { code: "+ hi\n- One <send> two\n", runtime: { ordering: "strict" }, name: "strict ordering waits for each status" },
  ],
  invalid: [
    {
      code: "+ hi\n- One <send> two <send> three <delay seconds=2> four <send> five\n",
      errors: [
        { code: "SMS009", line: 2, column: 13, endLine: 2, endColumn: 18, data: { count: 3 } },
        { code: "SMS009", line: 2, column: 60, endLine: 2, endColumn: 65, data: { count: 2 } },
      ],
    },
  ],
});
