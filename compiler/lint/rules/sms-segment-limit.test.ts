/** @module Tests for sms-segment-limit (SMS001). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./sms-segment-limit.ts";

const long = "a".repeat(470);
ruleTester.run("sms-segment-limit", rule, {
  valid: [
    "+ hi\n- Hello there\n",
    { code: `+ hi\n- ${long}\n`, options: { limit: 4 }, name: "option raises the limit" },
    { code: `+ hi\n- ${"a".repeat(300)}\n`, lint: { segmentLimit: 2 }, name: "306 GSM-7 characters fit in 2" },
  ],
  invalid: [
    {
      code: `+ hi\n- ${long}\n`,
      errors: [{ code: "SMS001", line: 2, column: 1, endLine: 2, endColumn: 473, data: { segments: 4, encoding: "GSM-7", length: 470, limit: 3 } }],
    },
    {
      name: "worst case over {random} and variables at the assumed length",
      code: `+ hi *\n- ${"b".repeat(280)} <star> {random}short|${"c".repeat(30)}{/random}\n`,
      lint: { segmentLimit: 2, assumedVariableLength: 20 },
      errors: [{ code: "SMS001", line: 2, column: 1, endLine: 2, endColumn: 344, data: { segments: 3, encoding: "GSM-7", length: 332, limit: 2 } }],
    },
    {
      name: "literal UCS-2 text",
      code: `+ hi\n- ${"é".repeat(10)}${"ç".repeat(200)}\n`,
      errors: [{ code: "SMS001", line: 2, column: 1, endLine: 2, endColumn: 213, data: { segments: 4, encoding: "UCS-2", length: 210, limit: 3 } }],
    },
  ],
});
