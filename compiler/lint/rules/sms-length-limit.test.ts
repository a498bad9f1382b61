/** @module Tests for sms-length-limit (SMS003). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./sms-length-limit.ts";

ruleTester.run("sms-length-limit", rule, {
  valid: [`+ hi\n- ${"a".repeat(1600)}\n`, `+ hi\n- ${"a".repeat(1000)}<send>${"a".repeat(1000)}\n`],
  invalid: [
    {
      code: `+ hi\n- ${"a".repeat(1601)}\n`,
      errors: [{ code: "SMS003", line: 2, column: 1, endLine: 2, endColumn: 1604, data: { length: 1601, limit: 1600 } }],
    },
    {
      name: "UTF-16 units: emoji count twice",
      code: `+ hi\n- ${"👍".repeat(801)}\n`,
      errors: [{ code: "SMS003", line: 2, column: 1, endLine: 2, endColumn: 1605, data: { length: 1602, limit: 1600 } }],
    },
  ],
});
