/** @module Every BOT code is raised by a test at an exact position, and its fixed script does not raise it. */
import { describe, expect, it } from "vitest";
import type { IRecognitionException } from "chevrotain";
import { compile } from "../../compiler/index.ts";
import { syntaxEntries } from "../../compiler/diagnostics/catalog/syntax.ts";
import { semanticEntries } from "../../compiler/diagnostics/catalog/semantics.ts";
import { catalogEntries } from "../../compiler/diagnostics/catalog.ts";
import { createReporter } from "../../compiler/diagnostics/report.ts";
import { createLineIndex } from "../../compiler/1-parse/source.ts";
import { reportSyntaxErrors } from "../../compiler/1-parse/syntax-errors.ts";
import { diagnosticCases } from "./diagnostic-cases.ts";

const run = (text: string, files: Record<string, string> = {}) =>
  compile([...Object.entries(files).map(([path, t]) => ({ path, text: t })), { path: "case.bot", text }]).diagnostics;

describe("diagnostic codes", () => {
  for (const c of diagnosticCases) {
    it(`${c.code} is raised at ${c.at.join(":")}`, () => {
      const found = run(c.bad, c.files).filter((d) => d.code === c.code);
      expect(found).toHaveLength(1);
      const d = found[0]!;
      expect([d.span.start.line, d.span.start.column, d.span.end.line, d.span.end.column]).toEqual(c.at);
      expect(d.span.file).toBe("case.bot");
    });
    it(`${c.code}: the fixed script does not raise it`, () => {
      expect(run(c.fixed, c.files).filter((d) => d.severity === "error" || d.code === c.code)).toEqual([]);
    });
  }

  it("BOT025 maps a recognition error from the line parser (unreachable with the total grammar)", () => {
    const report = createReporter();
    const index = createLineIndex("x.bot", "+ a\n- b\n");
    const token = { image: "- b", startOffset: 4 } as IRecognitionException["token"];
    reportSyntaxErrors(index, [], [{ name: "MismatchedTokenException", message: "boom", token, resyncedTokens: [], context: { ruleStack: [], ruleOccurrenceStack: [] } }], report);
    expect(report.diagnostics).toMatchObject([{ code: "BOT025", message: "Syntax error: boom", span: { start: { line: 2, column: 1 }, end: { line: 2, column: 4 } } }]);
  });

  it("every BOT code in the catalog has a case, and codes are unique", () => {
    const codes = [...syntaxEntries, ...semanticEntries].map((e) => e.code).filter((c) => c !== "BOT025");
    expect(diagnosticCases.map((c) => c.code).sort()).toEqual([...codes].sort());
    const all = catalogEntries.map((e) => e.code);
    expect(new Set(all).size).toBe(all.length);
  });
});
