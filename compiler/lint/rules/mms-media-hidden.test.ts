/** @module Tests for mms-media-hidden (SMS016). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./mms-media-hidden.ts";

ruleTester.run("mms-media-hidden", rule, {
  valid: ["+ hi\n- ^image(images/cat.png) ^image(./cat.png) ^image(https://x.test/.well-known/a.png)\n"],
  invalid: [
    {
      code: "+ hi\n- ^file(.env)\n",
      errors: [
        {
          code: "SMS016",
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 14,
          data: { url: ".env", reason: '".env" is hidden (its name starts with "."), and hidden files are never served' },
        },
      ],
    },
    {
      code: "+ hi\n- ^image(.bot/cat.png)\n",
      errors: [
        {
          code: "SMS016",
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 23,
          data: { url: ".bot/cat.png", reason: '".bot" is hidden (its name starts with "."), and hidden files are never served' },
        },
      ],
    },
  ],
});
