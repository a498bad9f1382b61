/** @module The per-file error cap: the first 200 errors in source order, then one BOT028 counting the rest. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compile } from "../index.ts";
import { createReporter } from "../diagnostics/report.ts";
import type { Diagnostic, Span } from "../diagnostics/types.ts";
import { cappedDiagnostics, cappedReporter, createCap, maxErrorsPerFile, trimToCap, trimWhenLong } from "./diagnostic-cap.ts";

const where = (d: Diagnostic) => [d.span.file, d.span.start.line, d.span.start.column];

describe("error cap per file", () => {
  it("lists 200 errors and counts the rest in one BOT028 at the first one left out", () => {
    const { diagnostics } = compile([{ path: "junk.bot", text: "x\n".repeat(1000) }]);
    expect(maxErrorsPerFile).toBe(200);
    expect(diagnostics).toHaveLength(201);
    expect(diagnostics.slice(0, 200).every((d) => d.code === "BOT001")).toBe(true);
    expect(diagnostics[199]?.span.start.line).toBe(200);
    const last = diagnostics[200];
    expect(last?.code).toBe("BOT028");
    expect(last?.severity).toBe("error");
    expect(where(last!)).toEqual(["junk.bot", 201, 1]);
    expect(last?.data).toEqual({ count: 800, limit: 200 });
    expect(last?.message).toBe("Too many errors: only the first 200 in this file are listed (800 more not shown); fix them and compile again");
  });

  it("keeps a file with exactly 200 errors whole", () => {
    const { diagnostics } = compile([{ path: "a.bot", text: "x\n".repeat(200) }]);
    expect(diagnostics).toHaveLength(200);
    expect(diagnostics.some((d) => d.code === "BOT028")).toBe(false);
  });

  it("cuts in source order, even when an early error is reported last (an unclosed topic)", () => {
    const { diagnostics } = compile([{ path: "a.bot", text: "> topic a\n" + "x\n".repeat(300) }]);
    expect(diagnostics[0]?.code).toBe("BOT006");
    expect(diagnostics[199]?.span.start.line).toBe(200);
    expect(diagnostics[200]?.code).toBe("BOT028");
    expect(where(diagnostics[200]!)).toEqual(["a.bot", 201, 1]);
    expect(diagnostics[200]?.data?.["count"]).toBe(101);
  });

  it("keeps warnings before the 200th error and counts those after it", () => {
    // Each block: an unattached `# bot-ignore` (a warning), then a stray `< topic` and an unknown command (two errors).
    const { diagnostics } = compile([{ path: "a.bot", text: "# bot-ignore BOT001\n< topic\nx\n".repeat(150) }]);
    const errors = diagnostics.filter((d) => d.severity === "error" && d.code !== "BOT028");
    expect(errors).toHaveLength(200);
    expect(diagnostics.filter((d) => d.code === "BOT116")).toHaveLength(100);
    // 300 errors and 150 warnings in all: 200 errors and 100 warnings listed, 100 errors and 50 warnings counted.
    expect(diagnostics[diagnostics.length - 1]?.data).toEqual({ count: 150, limit: 200 });
  });

  it("caps each file on its own", () => {
    const { diagnostics } = compile([
      { path: "a.bot", text: "x\n".repeat(250) },
      { path: "b.bot", text: "x\n".repeat(150) },
      { path: "c.bot", text: "y\n".repeat(300) },
    ]);
    const summaries = diagnostics.filter((d) => d.code === "BOT028");
    expect(summaries.map((d) => [d.span.file, d.data?.["count"]])).toEqual([
      ["a.bot", 50],
      ["c.bot", 100],
    ]);
    expect(diagnostics.filter((d) => d.span.file === "b.bot")).toHaveLength(150);
  });
});

describe("trimming while diagnostics are still being reported", () => {
  const span = (offset: number): Span => ({ file: "a.bot", start: { offset, line: 1, column: offset + 1 }, end: { offset, line: 1, column: offset + 1 } });
  const reports = fc.array(fc.tuple(fc.nat(60), fc.boolean()), { maxLength: 300 });

  it("lists and counts exactly what one sort and cut of the whole list would (fast-check)", () => {
    fc.assert(
      fc.property(reports, fc.integer({ min: 1, max: 20 }), (items, limit) => {
        // Reported through the capped reporter and trimmed as they come, as the parser does...
        const sink = createReporter();
        const cap = createCap(limit);
        const report = cappedReporter(sink, cap);
        // ...and all of them, uncapped, for the reference.
        const everything = createReporter();
        items.forEach(([offset, error], i) => {
          for (const r of [report, everything]) {
            if (error) r.commandUnknown(span(offset), { char: String(i) });
            else r.ignoreUnattached(span(offset));
          }
          trimWhenLong(sink.diagnostics, cap);
        });
        const listed = cappedDiagnostics(sink.diagnostics, cap);
        const whole = [...everything.diagnostics];
        const reference = createCap(limit);
        trimToCap(whole, reference);
        const summary = listed.at(-1)?.code === "BOT028" ? listed.pop() : undefined;
        expect(listed).toEqual(whole);
        expect(summary?.data).toEqual(reference.cut > 0 ? { count: reference.cut, limit } : undefined);
        expect(summary?.span.start.offset).toBe(reference.first?.start.offset);
      }),
      { seed: 20240601, numRuns: 500 },
    );
  });
});
