/** @module Tests for mms-media-type (SMS008). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./mms-media-type.ts";

ruleTester.run("mms-media-type", rule, {
  valid: [
    "+ hi\n- ^image(a.jpg) ^file(card.vcf) ^file(menu.pdf) ^audio(x.mp3) ^video(y.mp4)\n",
    { code: "+ hi\n- ^image(https://x.test/pic)\n", name: "no extension and no probe: unknown, not reported" },
  ],
  invalid: [
    {
      code: "+ hi\n- ^image(sticker.webp)\n",
      errors: [{ code: "SMS008", line: 2, column: 3, endLine: 2, endColumn: 23, data: { url: "sticker.webp", contentType: "image/webp" } }],
    },
    {
      name: "the HEAD content type wins over the extension",
      code: "+ hi\n- ^image(https://x.test/pic.png)\n",
      media: { "https://x.test/pic.png": { ok: true, bytes: 10, contentType: "text/html; charset=utf-8" } },
      errors: [{ code: "SMS008", line: 2, column: 3, endLine: 2, endColumn: 33, data: { url: "https://x.test/pic.png", contentType: "text/html" } }],
    },
  ],
});
