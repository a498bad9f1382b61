/** @module Tests for sms-encoding-ucs2 (SMS002). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./sms-encoding-ucs2.ts";

ruleTester.run("sms-encoding-ucs2", rule, {
  valid: ['+ hi\n- It\'s "fine" - really... 10€ [ok]\n', { code: "+ hi\n- Merci, ça va 👍\n", name: "short emoji/accents that cost no extra segment" }],
  invalid: [
    {
      name: "look-alikes are always reported, each at its own position",
      code: "+ hi\n- It’s “fine”\n",
      errors: [
        {
          code: "SMS002",
          line: 2,
          column: 5,
          endLine: 2,
          endColumn: 6,
          data: { char: "’", codePoint: "U+2019", from: 1, to: 1, suggestion: `; use "'" instead` },
        },
        {
          code: "SMS002",
          line: 2,
          column: 8,
          endLine: 2,
          endColumn: 9,
          data: { char: "“", codePoint: "U+201C", from: 1, to: 1, suggestion: '; use "\\"" instead' },
        },
        {
          code: "SMS002",
          line: 2,
          column: 13,
          endLine: 2,
          endColumn: 14,
          data: { char: "”", codePoint: "U+201D", from: 1, to: 1, suggestion: '; use "\\"" instead' },
        },
      ],
    },
    {
      name: "an emoji that turns 1 segment into 3",
      code: `+ hi\n- ${"a".repeat(150)} 👍\n`,
      errors: [
        { code: "SMS002", line: 2, column: 154, endLine: 2, endColumn: 156, data: { char: "👍", codePoint: "U+1F44D", from: 1, to: 3, suggestion: "" } },
      ],
    },
    {
      name: "option always reports characters that cost nothing",
      code: "+ hi\n- ça va\n",
      options: { always: true },
      errors: [{ code: "SMS002", line: 2, column: 3, endLine: 2, endColumn: 4, data: { char: "ç", codePoint: "U+00E7", from: 1, to: 1, suggestion: "" } }],
    },
  ],
});
