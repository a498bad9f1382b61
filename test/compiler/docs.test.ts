/** @module docs/diagnostics/BOTxxx.md exist for every compiler code and match the catalog and tested examples. */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { diagnosticDocs } from "./diagnostic-docs.ts";

it("docs/diagnostics has an up-to-date page per BOT code (run `npm run gen:diagnostic-docs`)", () => {
  const docs = diagnosticDocs();
  expect(docs.size).toBeGreaterThan(40);
  for (const [name, text] of docs) {
    expect(readFileSync(new URL(`../../docs/diagnostics/${name}`, import.meta.url), "utf8"), name).toBe(text);
  }
});
