/** @module Tests for mms-media-item-size (SMS006). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./mms-media-item-size.ts";

ruleTester.run("mms-media-item-size", rule, {
  valid: [
    { code: "+ hi\n- ^file(menu.pdf)\n", media: { "menu.pdf": { ok: true, bytes: 500_000, contentType: null } } },
    { code: "+ hi\n- ^image(big.jpg)\n", media: { "big.jpg": { ok: true, bytes: 3_000_000, contentType: null } }, name: "JPEG is resized by Twilio" },
  ],
  invalid: [
    {
      code: "+ hi\n- ^file(menu.pdf)\n",
      media: { "menu.pdf": { ok: true, bytes: 700_000, contentType: null } },
      errors: [{ code: "SMS006", line: 2, column: 3, endLine: 2, endColumn: 18, data: { url: "menu.pdf", bytes: 700_000, limit: 614_400 } }],
    },
    {
      code: "+ hi\n- ^video(https://x.test/clip.mp4)\n",
      lint: { maxMediaBytes: 1000 },
      media: { "https://x.test/clip.mp4": { ok: true, bytes: 1001, contentType: "video/mp4" } },
      errors: [{ code: "SMS006", line: 2, column: 3, endLine: 2, endColumn: 34, data: { url: "https://x.test/clip.mp4", bytes: 1001, limit: 1000 } }],
    },
  ],
});
