/** @module Property tests: `compile` never throws, spans stay inside the file, and valid scripts compile clean. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compile } from "../../compiler/index.ts";
import type { Diagnostic } from "../../compiler/diagnostics/types.ts";
import { commandLine, commandLines, syntaxText, validScript } from "./arbitraries.ts";

const seed = 20240601;

/** Offsets inside the text, and line/column that agree with the offset. */
export function spanProblems(text: string, diagnostics: Diagnostic[]): string[] {
  const problems: string[] = [];
  const where = (offset: number): { line: number; column: number } => {
    const before = text.slice(0, offset);
    const breaks = before.match(/\r\n|\r|\n/g) ?? [];
    const lastBreak = Math.max(before.lastIndexOf("\n"), before.lastIndexOf("\r"));
    return { line: breaks.length + 1, column: offset - lastBreak };
  };
  for (const d of diagnostics) {
    const { start, end, file } = d.span;
    if (file !== "p.bot") problems.push(`${d.code}: file ${file}`);
    if (!(start.offset >= 0 && start.offset <= end.offset && end.offset <= text.length))
      problems.push(`${d.code}: offsets ${start.offset}-${end.offset} of ${text.length}`);
    for (const p of [start, end]) {
      const expected = where(p.offset);
      if (expected.line !== p.line || expected.column !== p.column)
        problems.push(`${d.code}: ${p.line}:${p.column} is offset ${p.offset}, expected ${expected.line}:${expected.column}`);
    }
  }
  return problems;
}

function check(text: string): void {
  const { diagnostics, ir } = compile([{ path: "p.bot", text }]);
  expect(spanProblems(text, diagnostics)).toEqual([]);
  expect(ir.topics["default"]).toBeDefined();
}

const runs = { strings: 1000, syntax: 1000, lines: 1000, valid: 400 };

describe("compile on arbitrary input (fast-check, seed " + seed + ")", () => {
  it(`never throws on arbitrary unicode strings (${runs.strings} runs)`, () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 200 }), check), { seed, numRuns: runs.strings });
  });

  it(`never throws on syntax-character soup (${runs.syntax} runs)`, () => {
    fc.assert(fc.property(syntaxText, check), { seed, numRuns: runs.syntax });
  });

  it(`never throws on lines built from the command characters (${runs.lines} runs)`, () => {
    fc.assert(fc.property(commandLines, check), { seed, numRuns: runs.lines });
  });

  it(`compiles generated valid scripts with zero errors (${runs.valid} runs)`, () => {
    fc.assert(
      fc.property(validScript, (text) => {
        const { diagnostics } = compile([{ path: "p.bot", text }]);
        expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        expect(spanProblems(text, diagnostics)).toEqual([]);
      }),
      { seed, numRuns: runs.valid },
    );
  });
});

describe("large inputs", () => {
  it("a 10,000-line file of random command lines gives diagnostics and no exception", () => {
    const lines = fc.sample(commandLine, { seed, numRuns: 10_000 });
    const text = lines.join("\n");
    const { diagnostics } = compile([{ path: "p.bot", text }]);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(spanProblems(text, diagnostics.slice(0, 200))).toEqual([]);
  });

  it("a 5 MB file gives diagnostics and no exception", () => {
    const chunk = "+ Hello (there|[you]\n- hi <delay seconds=900> {random}a|b\n^image(\n/* x */ junk line\n% stray\n";
    const text = chunk.repeat(Math.ceil((5 * 1024 * 1024) / chunk.length));
    expect(text.length).toBeGreaterThanOrEqual(5 * 1024 * 1024);
    const { diagnostics } = compile([{ path: "p.bot", text }]);
    expect(diagnostics.length).toBeGreaterThan(0);
  });

  it("a single 5 MB line of openers (no closers) gives diagnostics and no exception", () => {
    const text = "+ a\n- " + "<raw>{random}{@<set x=(^image(${{".repeat((5 * 1024 * 1024) / 32);
    const { diagnostics } = compile([{ path: "p.bot", text }]);
    expect(diagnostics.length).toBeGreaterThan(0);
  });

  it("deeply nested groups and tags neither overflow the stack nor throw", () => {
    const depth = 100_000;
    const text = `+ ${"(".repeat(depth)}a${")".repeat(depth)}\n- ${"{@".repeat(depth)}x${"}".repeat(depth)}\n`;
    expect(() => compile([{ path: "p.bot", text }])).not.toThrow();
  });

  it("an unterminated /* and a never-closed topic are reported, not thrown", () => {
    const { diagnostics } = compile([{ path: "p.bot", text: "> topic a\n+ x\n- y\n/* open\n+ z\n- z\n" }]);
    expect(diagnostics.map((d) => d.code).sort()).toEqual(["BOT005", "BOT006"]);
  });
});
