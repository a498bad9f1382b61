/**
 * @module Transcript coverage out: the summary table `bot test --coverage` prints, and LCOV (`coverage/lcov.info`)
 * on the lines of the `.bot` files, so Codecov, Coveralls, VS Code's coverage gutters and `genhtml` show it.
 * In LCOV a trigger is a function (FN/FNDA, named by its line and text), its reply branches are BRDA records
 * at the trigger's line, and DA counts each trigger line and each line of a branch.
 */
import path from "node:path";
import type { FileCoverage } from "./collect.ts";

export interface Totals {
  triggers: { hit: number; total: number };
  branches: { hit: number; total: number };
}

export function totalsOf(files: readonly FileCoverage[]): Totals {
  const totals: Totals = { triggers: { hit: 0, total: 0 }, branches: { hit: 0, total: 0 } };
  for (const file of files) {
    const t = fileTotals(file);
    totals.triggers.hit += t.triggers.hit;
    totals.triggers.total += t.triggers.total;
    totals.branches.hit += t.branches.hit;
    totals.branches.total += t.branches.total;
  }
  return totals;
}

function fileTotals(file: FileCoverage): Totals {
  const triggers = [...file.triggers.values()];
  const branches = triggers.flatMap((t) => t.branches);
  return {
    triggers: { hit: triggers.filter((t) => t.hits > 0).length, total: triggers.length },
    branches: { hit: branches.filter((b) => b.hits > 0).length, total: branches.length },
  };
}

/** A share as a percentage with one decimal; nothing to cover is 100%. */
export function percent({ hit, total }: { hit: number; total: number }): number {
  return total === 0 ? 100 : Math.floor((hit / total) * 1000) / 10;
}

export function formatSummary(files: readonly FileCoverage[], cwd: string): string {
  const rows = files.map((file) => ({ name: display(file.file, cwd), ...fileTotals(file), file }));
  const all = totalsOf(files);
  const cell = (c: { hit: number; total: number }) => `${percent(c).toFixed(1).padStart(6)}% ${`${c.hit}/${c.total}`.padStart(9)}`;
  const width = Math.max(4, ...rows.map((r) => r.name.length));
  const lines = [`${"File".padEnd(width)}  ${"Triggers".padStart(17)}  ${"Branches".padStart(17)}  Never exercised (line)`];
  for (const row of rows) {
    const missed = [...row.file.triggers.values()]
      .filter((t) => t.hits === 0)
      .map((t) => t.line)
      .sort((a, b) => a - b);
    lines.push(`${row.name.padEnd(width)}  ${cell(row.triggers)}  ${cell(row.branches)}  ${compactLines(missed)}`);
  }
  lines.push(`${"All files".padEnd(width)}  ${cell(all.triggers)}  ${cell(all.branches)}`);
  return `${lines.join("\n")}\n`;
}

export function formatLcov(files: readonly FileCoverage[], cwd: string): string {
  const out: string[] = [];
  for (const file of files) {
    out.push("TN:", `SF:${display(file.file, cwd)}`);
    const triggers = [...file.triggers.values()].sort((a, b) => a.line - b.line);
    const names = triggers.map((t) => `L${t.line}_${t.text.replace(/[^A-Za-z0-9_]+/g, "_").slice(0, 40)}`);
    triggers.forEach((t, i) => out.push(`FN:${t.line},${names[i]}`));
    triggers.forEach((t, i) => out.push(`FNDA:${t.hits},${names[i]}`));
    out.push(`FNF:${triggers.length}`, `FNH:${triggers.filter((t) => t.hits > 0).length}`);
    let branches = 0;
    let branchesHit = 0;
    for (const t of triggers) {
      t.branches.forEach((b, i) => {
        // "-" is LCOV's "never reached" (the trigger never ran); 0 is "reached, not taken".
        out.push(`BRDA:${t.line},0,${i},${t.hits === 0 ? "-" : b.hits}`);
        branches++;
        if (b.hits > 0) branchesHit++;
      });
    }
    out.push(`BRF:${branches}`, `BRH:${branchesHit}`);
    const lines = new Map<number, number>();
    const count = (line: number, hits: number) => lines.set(line, Math.max(lines.get(line) ?? 0, hits));
    for (const t of triggers) {
      count(t.line, t.hits);
      for (const b of t.branches) for (const line of b.lines) count(line, b.hits);
    }
    const sorted = [...lines].sort((a, b) => a[0] - b[0]);
    for (const [line, hits] of sorted) out.push(`DA:${line},${hits}`);
    out.push(`LF:${sorted.length}`, `LH:${sorted.filter(([, hits]) => hits > 0).length}`, "end_of_record");
  }
  return `${out.join("\n")}\n`;
}

/** Paths relative to the working folder (as CI tools expect, the repository root), `/`-separated. */
function display(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return (relative.startsWith("..") || path.isAbsolute(relative) ? file : relative).split(path.sep).join("/");
}

/** `3, 7-9, 12`. */
function compactLines(lines: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j++;
    parts.push(i === j ? `${lines[i]}` : `${lines[i]}-${lines[j]}`);
    i = j;
  }
  return parts.join(", ");
}
