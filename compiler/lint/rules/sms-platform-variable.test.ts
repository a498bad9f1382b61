/** @module Tests for sms-platform-variable (SMS012). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./sms-platform-variable.ts";

ruleTester.run("sms-platform-variable", rule, {
  valid: ["+ hi\n- You are <get _userPhone> in <get _fromCity>, due <get _reminder_wake>\n", "+ since\n- Talking since <get _sessionStarted>\n"],
  invalid: [
    {
      code: "+ hi\n- Hello <get _userFirstName>\n",
      errors: [{ code: "SMS012", line: 2, column: 9, endLine: 2, endColumn: 29, data: { name: "_userFirstName" } }],
    },
  ],
});
