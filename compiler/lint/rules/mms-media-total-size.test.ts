/** @module Tests for mms-media-total-size (SMS005). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./mms-media-total-size.ts";

const MB = 1024 * 1024;
const png = (bytes: number) => ({ ok: true as const, bytes, contentType: "image/png" });
ruleTester.run("mms-media-total-size", rule, {
  valid: [
    { code: "+ hi\n- ^image(a.png) ^image(b.png)\n", media: { "a.png": png(2 * MB), "b.png": png(3 * MB) } },
    { code: "+ hi\n- ^image(a.png) <send> ^image(b.png)\n", media: { "a.png": png(4 * MB), "b.png": png(4 * MB) }, name: "separate messages" },
    { code: "+ hi\n- ^image(https://x.test/big.png)\n", name: "nothing known about the URL" },
  ],
  invalid: [
    {
      code: "+ hi\n- Look ^image(a.png) ^image(b.png)\n",
      media: { "a.png": png(3 * MB), "b.png": png(3 * MB) },
      errors: [{ code: "SMS005", line: 2, column: 8, endLine: 2, endColumn: 21, data: { bytes: 6 * MB, limit: 5 * MB } }],
    },
  ],
});
