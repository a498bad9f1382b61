/** @module Tests for sms-delay-total (SMS013). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./sms-delay-total.ts";

ruleTester.run("sms-delay-total", rule, {
  valid: ["+ hi\n- One <delay seconds=100> two <delay seconds=100> three\n"],
  invalid: [
    {
      code: "+ hi\n- One <delay seconds=120> two <delay seconds=120> three <delay seconds=90> four\n",
      errors: [{ code: "SMS013", line: 2, column: 1, endLine: 2, endColumn: 80, data: { total: 330, limit: 300 } }],
    },
    {
      code: "+ hi\n- One <delay seconds=30> two <delay seconds=31> three\n",
      lint: { maxTotalDelaySeconds: 60 },
      errors: [{ code: "SMS013", line: 2, column: 1, endLine: 2, endColumn: 54, data: { total: 61, limit: 60 } }],
    },
  ],
});
