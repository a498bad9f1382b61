/** @module `node bin/run-ts.js bench/profile-compile.ts [--runs N] [--sizes 1000,10000,50000]`: per-phase compile medians. */
import { performance } from "node:perf_hooks";
import { compile } from "../compiler/index.ts";
import { parse } from "../compiler/1-parse/index.ts";
import { analyze } from "../compiler/2-analyze/index.ts";
import { emit } from "../compiler/3-emit/index.ts";
import { generateBrain } from "./generate-brain.ts";

// Each size is compiled once to warm the JIT, then `runs` times; the table shows medians. The phases are
// timed by calling them one after another exactly as `compile` does, and `compile` itself is timed on
// its own so that the sum of the phases can be checked against it.

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const SIZES = (option("--sizes") ?? "1000,10000,50000").split(",").map(Number);
const RUNS = Number(option("--runs") ?? 7);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

interface Sample {
  parse: number;
  analyze: number;
  emit: number;
  compile: number;
}

/** The phases one after another, as `compile` runs them; nothing is kept, so the next timing starts clean. */
function phases(text: string): Omit<Sample, "compile"> {
  const t0 = performance.now();
  const parsed = parse(text, "bench.bot");
  const t1 = performance.now();
  const analysis = analyze([parsed.ast]);
  const t2 = performance.now();
  emit(analysis);
  const t3 = performance.now();
  return { parse: t1 - t0, analyze: t2 - t1, emit: t3 - t2 };
}

function whole(text: string): number {
  const t0 = performance.now();
  const { diagnostics } = compile([{ path: "bench.bot", text }]);
  const ms = performance.now() - t0;
  if (diagnostics.some((d) => d.severity === "error")) throw new Error("the generated brain does not compile cleanly");
  return ms;
}

function measure(text: string): Sample {
  return { ...phases(text), compile: whole(text) };
}

const rows: string[][] = [];
for (const size of SIZES) {
  const { source } = generateBrain(size, 0);
  measure(source);
  const samples: Sample[] = [];
  for (let run = 0; run < RUNS; run++) samples.push(measure(source));
  const m = (key: keyof Sample): string => `${median(samples.map((s) => s[key])).toFixed(1)} ms`;
  rows.push([size.toLocaleString("en-US"), `${source.split("\n").length - 1}`, m("parse"), m("analyze"), m("emit"), m("compile")]);
  process.stderr.write(`measured ${size} triggers\n`);
}

const header = ["triggers", "lines", "parse", "analyze", "emit", "compile()"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padStart(widths[i] ?? 0)).join(" | ")} |`;
console.log(`\nCompile phases: medians of ${RUNS} runs after one warm-up, Node ${process.version}`);
console.log(line(header));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const row of rows) console.log(line(row));
