/** @module Tests for topic-unreachable (BOT204). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./topic-unreachable.ts";

ruleTester.run("topic-unreachable", rule, {
  valid: [
    "+ buy\n- ok {topic=sales}\n> topic sales includes common\n+ *\n- ?\n< topic\n> topic common\n+ help\n- h\n< topic\n",
    "+ agent\n- ^notifyAgent()\n> topic human\n+ *\n- wait\n< topic\n",
  ],
  invalid: [
    {
      code: "+ hi\n- hello\n> topic lost\n+ *\n- ?\n< topic\n",
      errors: [{ code: "BOT204", line: 3, column: 1, endLine: 6, endColumn: 8, data: { topic: "lost" } }],
    },
  ],
});
