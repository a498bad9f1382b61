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
    reportSyntaxErrors(
      index,
      [],
      [{ name: "MismatchedTokenException", message: "boom", token, resyncedTokens: [], context: { ruleStack: [], ruleOccurrenceStack: [] } }],
      report,
    );
    expect(report.diagnostics).toMatchObject([
      { code: "BOT025", message: "Syntax error: boom", span: { start: { line: 2, column: 1 }, end: { line: 2, column: 4 } } },
    ]);
  });

  it("has exactly these compiler codes, each with a case above except the BOT025 fallback, and no duplicates", () => {
    const expected = [
      "BOT001",
      "BOT002",
      "BOT003",
      "BOT004",
      "BOT005",
      "BOT006",
      "BOT007",
      "BOT008",
      "BOT009",
      "BOT010",
      "BOT011",
      "BOT012",
      "BOT013",
      "BOT014",
      "BOT015",
      "BOT016",
      "BOT017",
      "BOT018",
      "BOT019",
      "BOT020",
      "BOT021",
      "BOT022",
      "BOT023",
      "BOT024",
      "BOT025",
      "BOT026",
      "BOT027",
      "BOT028",
      "BOT029",
      "BOT030",
      "BOT031",
      "BOT032",
      "BOT033",
      "BOT034",
      "BOT040",
      "BOT101",
      "BOT102",
      "BOT103",
      "BOT104",
      "BOT105",
      "BOT106",
      "BOT107",
      "BOT108",
      "BOT109",
      "BOT110",
      "BOT111",
      "BOT112",
      "BOT113",
      "BOT114",
      "BOT115",
      "BOT116",
      "BOT117",
    ];
    const codes = [...syntaxEntries, ...semanticEntries].map((e) => e.code);
    expect(codes).toEqual(expected);
    expect([...diagnosticCases.map((c) => c.code), "BOT025"].sort()).toEqual(expected);
    const all = catalogEntries.map((e) => e.code);
    expect(new Set(all).size).toBe(all.length);
  });
});
