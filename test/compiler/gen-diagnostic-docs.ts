/** @module Writes docs/diagnostics/BOTxxx.md (`npm run gen:diagnostic-docs`); docs.test.ts keeps them current. */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { diagnosticDocs } from "./diagnostic-docs.ts";

const dir = fileURLToPath(new URL("../../docs/diagnostics/", import.meta.url));
mkdirSync(dir, { recursive: true });
for (const [name, text] of diagnosticDocs()) writeFileSync(dir + name, text);
console.log(`wrote ${diagnosticDocs().size} files to ${dir}`);
