/** @module Tests for variable-never-set (BOT207). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./variable-never-set.ts";

ruleTester.run("variable-never-set", rule, {
  valid: ["+ my name is *\n- <set name=<star>>Hi\n+ who am i\n- <get name>\n", "+ score\n- <add points=1><get points> <get _userPhone> <get topic>\n"],
  invalid: [
    {
      code: "+ my name is *\n- <set name=<star>>Hi\n+ who am i\n- <get nmae>\n",
      errors: [{ code: "BOT207", line: 4, column: 3, endLine: 4, endColumn: 13, data: { name: "nmae" } }],
    },
  ],
});
