/** @module Tests for sms-platform-unsupported (SMS011). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./sms-platform-unsupported.ts";

ruleTester.run("sms-platform-unsupported", rule, {
  valid: ["+ hi\n- Hello ^link(https://x.test, Site) ^buttons(Yes, No)\n"],
  invalid: [
    {
      code: '+ hi\n- Card ^template({"type":"card"})\n- Meta ^metadata({"a":1})\n',
      errors: [
        { code: "SMS011", line: 2, column: 8, endLine: 2, endColumn: 34, data: { shortcode: "template" } },
        { code: "SMS011", line: 3, column: 8, endLine: 3, endColumn: 26, data: { shortcode: "metadata" } },
      ],
    },
  ],
});
