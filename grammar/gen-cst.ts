/** @module Writes grammar/cst.d.ts from the parser's productions (`npm run gen:cst`); a test keeps it current. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { cstDtsText } from "./cst-dts.ts";

const target = fileURLToPath(new URL("./cst.d.ts", import.meta.url));
writeFileSync(target, cstDtsText());
console.log(`wrote ${target}`);
