/** @module Tests for mms-media-missing (BOT216). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./mms-media-missing.ts";

ruleTester.run("mms-media-missing", rule, {
  valid: [
    { code: "+ card\n- ^file(contact.vcf)\n", media: { "contact.vcf": { ok: true, bytes: 10, contentType: null } } },
    // URLs are SMS007's (a warning): a server may be down only for now.
    { code: "+ hi\n- ^image(https://x.test/gone.png)\n", media: { "https://x.test/gone.png": { ok: false, reason: "HEAD answered HTTP 404" } } },
    // Built at run time: nothing to check.
    "+ show *\n- ^image(<star>.png)\n",
  ],
  invalid: [
    {
      code: "+ card\n- Here you go ^file(contact.vcf)\n",
      media: { "contact.vcf": { ok: false, reason: "no file at bot/contact.vcf" } },
      errors: [{ code: "BOT216", line: 2, column: 15, endLine: 2, endColumn: 33, data: { path: "contact.vcf", reason: "no file at bot/contact.vcf" } }],
    },
  ],
});
