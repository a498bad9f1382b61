/** @module grammar/cst.d.ts must equal what `npm run gen:cst` would write now. */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { cstDtsText } from "../../grammar/cst-dts.ts";

it("grammar/cst.d.ts is up to date with the parser (run `npm run gen:cst`)", () => {
  const committed = readFileSync(new URL("../../grammar/cst.d.ts", import.meta.url), "utf8");
  expect(committed).toBe(cstDtsText());
});
