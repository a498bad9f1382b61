/** @module Tests for mms-media-unreachable (SMS007). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./mms-media-unreachable.ts";

ruleTester.run("mms-media-unreachable", rule, {
  valid: [
    { code: "+ hi\n- ^image(cat.png)\n", media: { "cat.png": { ok: true, bytes: 10, contentType: null } } },
    { code: "+ hi\n- ^image(https://x.test/a.png)\n", name: "remote URLs are not checked unless probed" },
    // A missing bot-folder file is BOT216's (media-file-missing), an error.
    { code: "+ hi\n- ^image(cat.png)\n", media: { "cat.png": { ok: false, reason: "no file at bot/cat.png" } } },
  ],
  invalid: [
    {
      code: "+ hi\n- ^image(cat.png)\n- ^image(https://x.test/gone.png)\n",
      media: {
        "cat.png": { ok: false, reason: "no file at bot/cat.png" },
        "https://x.test/gone.png": { ok: false, reason: "HEAD answered HTTP 404" },
      },
      errors: [{ code: "SMS007", line: 3, column: 3, endLine: 3, endColumn: 34, data: { url: "https://x.test/gone.png", reason: "HEAD answered HTTP 404" } }],
    },
  ],
});
