/**
 * @module `npm run bench:compile`: the compiler against its targets (issue 26), each beside its baseline measured in
 * the same run: `compile()` against rivescript 2.2.1's `stream()+sortReplies()` on the same generated brains
 * (≤ 1.5× at 10k and 50k triggers), and `bot compile` of the 10,000-trigger brain as a whole process against
 * `node -e 0` (≤ 6×). Options: `--runs N` (default 5), `--sizes 1000,10000,50000`, `--no-cli`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir, loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { compile } from "../compiler/index.ts";
import { generateBrain } from "./generate-brain.ts";

const require = createRequire(import.meta.url);
const RiveScript = require("rivescript");

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const SIZES = (option("--sizes") ?? "1000,10000,50000").split(",").map(Number);
const RUNS = Number(option("--runs") ?? 5);
const repo = fileURLToPath(new URL("..", import.meta.url));

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

interface Timing {
  wall: number;
  cpu: number;
}

/** Wall and CPU time of one call. The machine is shared, so CPU time is the steadier of the two. */
function timed(run: () => void): Timing {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  run();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

function ours(text: string): void {
  const { diagnostics } = compile([{ path: "bench.bot", text }]);
  if (diagnostics.some((d) => d.severity === "error")) throw new Error("the generated brain does not compile cleanly");
}

function reference(text: string): void {
  const rs = new RiveScript({ utf8: false });
  rs.stream(text);
  rs.sortReplies();
}

/** CPU time of this process's reaped children, from /proc (Linux); NaN elsewhere. */
function childrenCpuMs(): number {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 16 and 17 of stat (cutime, cstime) are at 13 and 14 after the command name, in clock ticks of 10 ms.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return NaN;
  }
}

function spawnTimed(argv: string[]): Timing {
  const cpu0 = childrenCpuMs();
  const t0 = performance.now();
  const result = spawnSync(process.execPath, argv, { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const wall = performance.now() - t0;
  if (result.status !== 0) throw new Error(`${argv.join(" ")} exited ${result.status}: ${result.stderr}`);
  return { wall, cpu: childrenCpuMs() - cpu0 };
}

interface Row {
  what: string;
  ours: Timing;
  baseline: Timing;
  baselineName: string;
  /** The target ratio (ours / baseline), or null when the row is information only. */
  target: number | null;
}

const rows: Row[] = [];
const load0 = loadavg()[0]!;

for (const size of SIZES) {
  const { source } = generateBrain(size, 0);
  // One unmeasured run of each warms the JIT; then the two alternate so load falls on both alike.
  ours(source);
  reference(source);
  const a: Timing[] = [];
  const b: Timing[] = [];
  for (let run = 0; run < RUNS; run++) {
    a.push(timed(() => ours(source)));
    b.push(timed(() => reference(source)));
  }
  rows.push({
    what: `compile(), ${size.toLocaleString("en-US")} triggers`,
    ours: { wall: median(a.map((t) => t.wall)), cpu: median(a.map((t) => t.cpu)) },
    baseline: { wall: median(b.map((t) => t.wall)), cpu: median(b.map((t) => t.cpu)) },
    baselineName: "rs stream()+sortReplies()",
    target: size >= 10_000 ? 1.5 : null,
  });
  process.stderr.write(`measured compile() at ${size} triggers\n`);
}

if (!args.includes("--no-cli")) {
  // The installed command runs the built JavaScript (dist/); without a build, the sources through tsx.
  const built = existsSync(join(repo, "dist/bin/bot.js"));
  const entry = built ? [join(repo, "bin/bot.js")] : [join(repo, "bin/run-ts.js"), join(repo, "bin/bot.ts")];
  const dir = mkdtempSync(join(tmpdir(), "bench-compile-"));
  try {
    const big = join(dir, "big.bot");
    writeFileSync(big, generateBrain(10_000, 0).source);
    const botArgs = [...entry, "compile", big];
    spawnTimed(botArgs);
    spawnTimed(["-e", "0"]);
    const a: Timing[] = [];
    const b: Timing[] = [];
    for (let run = 0; run < RUNS; run++) {
      a.push(spawnTimed(botArgs));
      b.push(spawnTimed(["-e", "0"]));
    }
    rows.push({
      what: `bot compile, 10,000 triggers (${built ? "built" : "tsx"})`,
      ours: { wall: median(a.map((t) => t.wall)), cpu: median(a.map((t) => t.cpu)) },
      baseline: { wall: median(b.map((t) => t.wall)), cpu: median(b.map((t) => t.cpu)) },
      baselineName: "node -e 0",
      target: 6,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (x: number): string => (Number.isNaN(x) ? "n/a" : `${x.toFixed(1)} ms`);
const ratio = (x: number, y: number): string => (Number.isFinite(x / y) ? `${(x / y).toFixed(2)}×` : "n/a");
const header = ["what", "ours wall", "ours CPU", "baseline", "base wall", "base CPU", "wall ratio", "CPU ratio", "target", "result"];
const table = rows.map((r) => [
  r.what,
  ms(r.ours.wall),
  ms(r.ours.cpu),
  r.baselineName,
  ms(r.baseline.wall),
  ms(r.baseline.cpu),
  ratio(r.ours.wall, r.baseline.wall),
  ratio(r.ours.cpu, r.baseline.cpu),
  r.target === null ? "—" : `≤ ${r.target}×`,
  // Judged on wall time, as the targets are stated; the CPU column shows how much of it the load explains.
  r.target === null ? "" : r.ours.wall / r.baseline.wall <= r.target ? "PASS" : "FAIL",
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 || i === 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
console.log(
  `\nCompiler benchmark: medians of ${RUNS} runs alternating with the baseline, rivescript ${require("rivescript/package.json").version}, Node ${process.version}, load average ${load0.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`,
);
console.log(line(header));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const row of table) console.log(line(row));
