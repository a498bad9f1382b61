/** @module Tests for topic-unknown (BOT201). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./topic-unknown.ts";

ruleTester.run("topic-unknown", rule, {
  valid: ["+ hi\n- ok {topic=sales}\n+ *\n- ?\n> topic sales\n+ *\n- back {topic=random}\n< topic\n"],
  invalid: [
    {
      code: "+ hi\n- ok {topic=sale}\n+ bye\n- <set topic=gone>bye\n",
      errors: [
        { code: "BOT201", line: 2, column: 6, endLine: 2, endColumn: 18, data: { topic: "sale" } },
        { code: "BOT201", line: 4, column: 3, endLine: 4, endColumn: 19, data: { topic: "gone" } },
      ],
    },
  ],
});
