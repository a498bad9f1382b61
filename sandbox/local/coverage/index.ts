/** @module `bot test --coverage`: collects coverage while the transcripts run, then writes `lcov.info` and judges the threshold. */
import fs from "node:fs";
import path from "node:path";
import type { Coverage } from "./collect.ts";
import { formatLcov, formatSummary, percent, totalsOf } from "./report.ts";

export { createCoverage, type Coverage } from "./collect.ts";

export interface CoverageOptions {
  /** Where `lcov.info` goes (default `coverage`, relative to `cwd`). */
  dir: string;
  /** Fail (exit 1) when trigger or branch coverage is below this percentage; null: never. */
  threshold: number | null;
  cwd: string;
}

export interface CoverageOutcome {
  /** The summary table and where the LCOV file went, or why there is none. */
  text: string;
  /** True when under the threshold. */
  failed: boolean;
}

/** Writes the LCOV file and says how coverage went; a run that covered no `.bot` file says so. */
export function finishCoverage(coverage: Coverage, options: CoverageOptions): CoverageOutcome {
  const files = coverage.files();
  const totals = totalsOf(files);
  const dir = path.resolve(options.cwd, options.dir);
  fs.mkdirSync(dir, { recursive: true });
  const lcov = path.join(dir, "lcov.info");
  fs.writeFileSync(lcov, formatLcov(files, options.cwd));
  let text = files.length === 0 ? "coverage: no .bot file was exercised (the transcripts use inline scripts only)\n" : formatSummary(files, options.cwd);
  text += `coverage: LCOV written to ${path.relative(options.cwd, lcov) || lcov}\n`;
  if (options.threshold === null) return { text, failed: false };
  const low = (["triggers", "branches"] as const).filter((kind) => percent(totals[kind]) < options.threshold!);
  if (files.length === 0 || low.length > 0) {
    const what = files.length === 0 ? "nothing was covered" : low.map((kind) => `${kind} ${percent(totals[kind])}%`).join(", ");
    return { text: `${text}coverage: ${what}: below the threshold of ${options.threshold}%\n`, failed: true };
  }
  return { text, failed: false };
}

/** `--coverage-threshold` as a percentage from 0 to 100. */
export function parseThreshold(text: string): number | null {
  const value = Number(text);
  return text.trim() !== "" && Number.isFinite(value) && value >= 0 && value <= 100 ? value : null;
}
