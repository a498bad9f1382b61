/** @module The reference suites' tables for `npm run conformance`: one row per data file, then each failure and pending fix. */
import type { CaseResult, CaseStatus, ReferenceCase, Suite } from "./reference.ts";
import { SUITES, loadReferenceCases, runReferenceCase } from "./reference.ts";

const COLUMNS: CaseStatus[] = ["passed", "difference", "pending", "skipped", "failed"];

/** Runs every case; prints one table per suite; returns whether nothing failed. */
export async function printReferenceTables(print: (line: string) => void = console.log, verbose = false): Promise<boolean> {
  const cases = loadReferenceCases();
  const results = new Map<ReferenceCase, CaseResult>();
  for (const testCase of cases) results.set(testCase, await runReferenceCase(testCase));
  let ok = true;
  for (const suite of SUITES)
    ok =
      printSuite(
        suite,
        cases.filter((c) => c.suite === suite),
        results,
        print,
        verbose,
      ) && ok;
  return ok;
}

function printSuite(suite: Suite, cases: ReferenceCase[], results: Map<ReferenceCase, CaseResult>, print: (line: string) => void, verbose: boolean): boolean {
  const files = [...new Set(cases.map((c) => c.file))];
  const rows = files.map((file) => {
    const counts = Object.fromEntries(COLUMNS.map((s) => [s, 0])) as Record<CaseStatus, number>;
    let checks = 0;
    for (const c of cases.filter((x) => x.file === file)) {
      const r = results.get(c)!;
      counts[r.status]++;
      checks += r.checks;
    }
    return [file, String(cases.filter((x) => x.file === file).length), ...COLUMNS.map((s) => String(counts[s])), String(checks)];
  });
  const total = ["total", ...rows[0]!.slice(1).map((_, i) => String(rows.reduce((n, r) => n + Number(r[i + 1]), 0)))];
  const table = [["file", "cases", ...COLUMNS, "checks"], ...rows, total];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  print(`\n${suite}`);
  for (const [n, row] of table.entries()) {
    print(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  "));
    if (n === 0 || n === table.length - 2) print(widths.map((w) => "-".repeat(w)).join("  "));
  }
  let ok = true;
  for (const c of cases) {
    const r = results.get(c)!;
    if (r.status === "failed") {
      ok = false;
      print(`✗ ${c.file}#${c.name}: ${r.failures.join("; ")}`);
    }
    if (verbose && r.pending.length > 0) print(`… ${c.file}#${c.name}: ${r.pending.join("; ")}`);
  }
  return ok;
}
