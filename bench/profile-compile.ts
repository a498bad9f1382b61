/** @module `node bin/run-ts.js bench/profile-compile.ts [--runs N] [--sizes 1000,10000,50000]`: per-phase compile medians. */
import { performance, PerformanceObserver } from "node:perf_hooks";
import { compile } from "../compiler/index.ts";
import { parse } from "../compiler/1-parse/index.ts";
import { analyze } from "../compiler/2-analyze/index.ts";
import { emit } from "../compiler/3-emit/index.ts";
import { generateBrain } from "./generate-brain.ts";

// Each size is compiled once to warm the JIT, then `runs` times; the table shows medians. The phases are
// timed by calling them one after another exactly as `compile` does, and `compile` itself is timed on
// its own, with the garbage collector's pauses during it and the process's CPU time (which moves less
// than wall time when the machine is shared). Profile with
// `node --cpu-prof bin/run-ts.js bench/profile-compile.ts --sizes 10000` and sum self time per function.

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const SIZES = (option("--sizes") ?? "1000,10000,50000").split(",").map(Number);
const RUNS = Number(option("--runs") ?? 7);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ["gc"] });
/** GC entries arrive after the pause, on a later turn of the event loop. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 10));

interface Sample {
  parse: number;
  analyze: number;
  emit: number;
  compile: number;
  gc: number;
  cpu: number;
}

/** The phases one after another, as `compile` runs them; nothing is kept, so the next timing starts clean. */
function phases(text: string): Pick<Sample, "parse" | "analyze" | "emit"> {
  const t0 = performance.now();
  const parsed = parse(text, "bench.bot");
  const t1 = performance.now();
  const analysis = analyze([parsed.ast]);
  const t2 = performance.now();
  emit(analysis, { files: [{ path: "bench.bot", text }], folder: false });
  const t3 = performance.now();
  return { parse: t1 - t0, analyze: t2 - t1, emit: t3 - t2 };
}

function whole(text: string): { compile: number; cpu: number } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { diagnostics } = compile([{ path: "bench.bot", text }]);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (diagnostics.some((d) => d.severity === "error")) throw new Error("the generated brain does not compile cleanly");
  return { compile: ms, cpu: (cpu.user + cpu.system) / 1000 };
}

async function measure(text: string): Promise<Sample> {
  const split = phases(text);
  await settle();
  gcMs = 0;
  const timed = whole(text);
  await settle();
  return { ...split, ...timed, gc: gcMs };
}

const rows: string[][] = [];
for (const size of SIZES) {
  const { source } = generateBrain(size, 0);
  await measure(source);
  const samples: Sample[] = [];
  for (let run = 0; run < RUNS; run++) samples.push(await measure(source));
  const m = (key: keyof Sample): string => `${median(samples.map((s) => s[key])).toFixed(1)} ms`;
  rows.push([size.toLocaleString("en-US"), `${source.split("\n").length - 1}`, m("parse"), m("analyze"), m("emit"), m("compile"), m("gc"), m("cpu")]);
  process.stderr.write(`measured ${size} triggers\n`);
}

const header = ["triggers", "lines", "parse", "analyze", "emit", "compile()", "GC in compile()", "CPU of compile()"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padStart(widths[i] ?? 0)).join(" | ")} |`;
console.log(`\nCompile phases: medians of ${RUNS} runs after one warm-up, Node ${process.version}`);
console.log(line(header));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const row of rows) console.log(line(row));
