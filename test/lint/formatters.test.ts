/** @module The four output formats, on hand-made findings: layout, escaping, and SARIF validity against the 2.1.0 schema. */
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../compiler/diagnostics/types.ts";
import { buildReport, formatters } from "../../compiler/lint/index.ts";
import { validateSarif } from "./sarif-schema.ts";

const span = (file: string, line: number, column: number, endColumn: number) => ({
  file,
  start: { offset: 0, line, column },
  end: { offset: 0, line, column: endColumn },
});
const findings: Diagnostic[] = [
  {
    code: "SMS001",
    severity: "warning",
    message: "Message may take 4 SMS segments (GSM-7, 500 characters); the limit is 3",
    span: span("bots/a.bot", 7, 3, 40),
    data: { segments: 4 },
  },
  { code: "SMS003", severity: "error", message: "Too long, really: 1,700 > 1,600\nsplit it", span: span("bots/a.bot", 2, 1, 9) },
  { code: "BOT208", severity: "warning", message: 'Topic "default" has no "+ *" catch-all', span: span("bots/b,c.bot", 1, 1, 1) },
];
const report = buildReport(findings);

describe("buildReport", () => {
  it("groups by file, sorted by position, and counts", () => {
    expect(report.files.map((f) => [f.file, f.diagnostics.map((d) => d.code)])).toEqual([
      ["bots/a.bot", ["SMS003", "SMS001"]],
      ["bots/b,c.bot", ["BOT208"]],
    ]);
    expect([report.errorCount, report.warningCount]).toEqual([1, 2]);
  });
});

describe("stylish", () => {
  it("prints aligned rows per file and a summary", () => {
    expect(formatters.stylish?.(report)).toBe(
      [
        "bots/a.bot",
        "  2:1  error    Too long, really: 1,700 > 1,600\nsplit it  SMS003 sms-length-limit",
        "  7:3  warning  Message may take 4 SMS segments (GSM-7, 500 characters); the limit is 3  SMS001 sms-segment-limit",
        "",
        "bots/b,c.bot",
        '  1:1  warning  Topic "default" has no "+ *" catch-all  BOT208 catch-all-missing',
        "",
        "✖ 3 problems (1 error, 2 warnings)",
        "",
      ].join("\n"),
    );
  });
  it("prints nothing when clean", () => expect(formatters.stylish?.(buildReport([]))).toBe(""));
});

describe("json", () => {
  it("has the documented shape", () => {
    const out = JSON.parse(formatters.json?.(report) ?? "");
    expect(out).toMatchObject({ version: 1, errorCount: 1, warningCount: 2, infoCount: 0 });
    expect(out.files[0].diagnostics[1]).toEqual({
      code: "SMS001",
      name: "sms-segment-limit",
      severity: "warning",
      message: findings[0]?.message,
      line: 7,
      column: 3,
      endLine: 7,
      endColumn: 40,
      data: { segments: 4 },
    });
  });
});

describe("github", () => {
  it("writes one workflow command per finding, escaped as @actions/core does", () => {
    expect(formatters.github?.(report)).toBe(
      [
        "::error file=bots/a.bot,line=2,col=1,endLine=2,endColumn=9,title=SMS003::Too long, really: 1,700 > 1,600%0Asplit it",
        "::warning file=bots/a.bot,line=7,col=3,endLine=7,endColumn=40,title=SMS001::Message may take 4 SMS segments (GSM-7, 500 characters); the limit is 3",
        '::warning file=bots/b%2Cc.bot,line=1,col=1,endLine=1,endColumn=1,title=BOT208::Topic "default" has no "+ *" catch-all',
        "",
      ].join("\n"),
    );
  });
});

describe("sarif", () => {
  const validate = validateSarif;

  it("is valid SARIF 2.1.0", () => {
    const log = JSON.parse(formatters.sarif?.(report) ?? "");
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs[0].results).toHaveLength(3);
    expect(log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(["BOT208", "SMS001", "SMS003"]);
    expect(log.runs[0].results[0]).toMatchObject({
      ruleId: "SMS003",
      ruleIndex: 2,
      level: "error",
      locations: [{ physicalLocation: { artifactLocation: { uri: "bots/a.bot" }, region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 9 } } }],
    });
  });
  it("rejects a log the schema forbids (the check can fail)", () => {
    const log = JSON.parse(formatters.sarif?.(report) ?? "");
    log.runs[0].results[0].level = "fatal";
    expect(validate(log)).toBe(false);
  });
});

describe("a finding with a fix", () => {
  const at = (column: number) => ({ offset: column - 1, line: 1, column });
  const fixed: Diagnostic = {
    code: "BOT029",
    severity: "warning",
    message: "Alternatives at the top level of the pattern: wrap them in ( )",
    span: span("bots/a.bot", 1, 3, 9),
    fix: {
      title: "Wrap the alternatives in ( )",
      edits: [
        { start: at(3), end: at(3), text: "(" },
        { start: at(9), end: at(9), text: ")" },
      ],
    },
  };
  const withFix = buildReport([fixed]);

  it("carries it in json, sarif (still valid) and stylish", () => {
    const json = JSON.parse(formatters.json?.(withFix) ?? "");
    expect(json.files[0].diagnostics[0].fix).toEqual({
      title: "Wrap the alternatives in ( )",
      edits: [
        { line: 1, column: 3, endLine: 1, endColumn: 3, text: "(" },
        { line: 1, column: 9, endLine: 1, endColumn: 9, text: ")" },
      ],
    });
    const log = JSON.parse(formatters.sarif?.(withFix) ?? "");
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    expect(log.runs[0].results[0].fixes[0]).toMatchObject({
      description: { text: "Wrap the alternatives in ( )" },
      artifactChanges: [
        { artifactLocation: { uri: "bots/a.bot" }, replacements: [{ deletedRegion: { startLine: 1, startColumn: 3 }, insertedContent: { text: "(" } }, {}] },
      ],
    });
    expect(formatters.stylish?.(withFix).split("\n").slice(1, 3)).toEqual([
      "  1:3  warning  Alternatives at the top level of the pattern: wrap them in ( )  BOT029 pattern-alternatives-top-level",
      "                fix: Wrap the alternatives in ( )",
    ]);
  });
});
