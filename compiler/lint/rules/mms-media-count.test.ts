/** @module Tests for mms-media-count (SMS004). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./mms-media-count.ts";

const images = (n: number) => Array.from({ length: n }, (_, i) => `^image(https://x.test/${i}.png)`).join(" ");
ruleTester.run("mms-media-count", rule, {
  valid: [`+ hi\n- Look ${images(10)}\n`, `+ hi\n- ${images(6)} <send> ${images(6)}\n`],
  invalid: [
    {
      code: `+ hi\n- Look ${images(11)}\n`,
      errors: [{ code: "SMS004", line: 2, column: 298, endLine: 2, endColumn: 327, data: { count: 11, limit: 10 } }],
    },
  ],
});
