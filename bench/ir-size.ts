/**
 * @module `npm run bench:ir`: the size of the IR `bot compile -o` writes (compact, and with `--pretty`)
 * against its source, and the CPU time `bot run`'s loader (`loadRunnableBot`) takes to read each, on the
 * generated brains of `npm run bench`, in one run. Compact must load no slower than indented.
 */
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCompile } from "../bin/commands/compile.ts";
import { loadRunnableBot } from "../bin/load-bot.ts";
import { generateBrain } from "./generate-brain.ts";

const args = process.argv.slice(2);
const SIZES = args.includes("--sizes") ? args[args.indexOf("--sizes") + 1]!.split(",").map(Number) : [1000, 10000, 50000];
const RUNS = 5;

/** Median CPU milliseconds of loading `file` as `bot run` does. */
function loadCpu(file: string): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const before = process.cpuUsage();
    loadRunnableBot(file);
    const used = process.cpuUsage(before);
    samples.push((used.user + used.system) / 1000);
  }
  return samples.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

const root = mkdtempSync(join(tmpdir(), "bench-ir-"));
const rows: string[] = [];
const print = console.log;
for (const size of SIZES) {
  const dir = join(root, String(size));
  mkdirSync(dir);
  writeFileSync(join(dir, "brain.bot"), generateBrain(size, 10).source);
  // runCompile prints its diagnostics summary and "wrote …": not part of the table.
  console.log = () => undefined;
  runCompile(join(dir, "brain.bot"), join(dir, "compact.json"));
  runCompile(join(dir, "brain.bot"), join(dir, "pretty.json"), { pretty: true });
  // One load of each first (module code warm, file cache filled), then the two measured in turn.
  loadRunnableBot(join(dir, "pretty.json"));
  loadRunnableBot(join(dir, "compact.json"));
  const prettyMs = loadCpu(join(dir, "pretty.json"));
  const compactMs = loadCpu(join(dir, "compact.json"));
  console.log = print;
  const source = statSync(join(dir, "brain.bot")).size;
  const compact = statSync(join(dir, "compact.json")).size;
  const pretty = statSync(join(dir, "pretty.json")).size;
  rows.push(
    `| ${size} | ${source} | ${compact} (${(compact / source).toFixed(1)}×) | ${pretty} (${(pretty / source).toFixed(1)}×) | ${compactMs.toFixed(0)} ms | ${prettyMs.toFixed(0)} ms | ${compactMs <= prettyMs * 1.1 ? "PASS" : "FAIL"} |`,
  );
}
print(`IR written by bot compile -o: compact (default) and --pretty, load CPU median of ${RUNS} (node ${process.version})`);
print("| triggers | source bytes | compact IR bytes | --pretty IR bytes | load compact (CPU) | load --pretty (CPU) | compact loads no slower |");
print("|---:|---:|---:|---:|---:|---:|---|");
for (const row of rows) print(row);
