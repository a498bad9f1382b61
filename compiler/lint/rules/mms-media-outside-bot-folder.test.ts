/** @module Tests for mms-media-outside-bot-folder (SMS015). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./mms-media-outside-bot-folder.ts";

ruleTester.run("mms-media-outside-bot-folder", rule, {
  valid: [
    "+ hi\n- ^image(images/cat.png) ^image(./cat.png) ^image(images/../cat.png) ^image(https://x.test/../a.png)\n",
    { code: "+ hi\n- ^image(cat.png)\n", media: { "cat.png": { ok: true, bytes: 10, contentType: "image/png" } } },
  ],
  invalid: [
    {
      name: "`..` climbing out is refused from the text alone (no probe: bot compile reports it too)",
      code: "+ hi\n- ^image(../outside.png)\n",
      errors: [
        {
          code: "SMS015",
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 25,
          data: { url: "../outside.png", reason: "it is outside the bot folder (its .. climbs out of it)" },
        },
      ],
    },
    {
      code: "+ hi\n- ^file(/etc/card.vcf)\n",
      errors: [
        {
          code: "SMS015",
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 23,
          data: { url: "/etc/card.vcf", reason: "it is outside the bot folder (an absolute path; write it relative to the folder that holds the .bot files)" },
        },
      ],
    },
    {
      name: "a link leading out, as the bot-folder probe reports it",
      code: "+ hi\n- ^image(linked.png)\n",
      media: { "linked.png": { ok: false, reason: "it is a link that leads outside the bot folder", problem: "outside" } },
      errors: [
        {
          code: "SMS015",
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 21,
          data: { url: "linked.png", reason: "it is a link that leads outside the bot folder" },
        },
      ],
    },
  ],
});
