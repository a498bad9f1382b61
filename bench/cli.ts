/**
 * @module `npm run bench:cli`: whole-process start-up of the `bot` command, median of RUNS (default 5) runs each,
 * built (`node bin/bot.js`, the JavaScript in dist/) against the TypeScript sources through tsx
 * (`node bin/run-ts.js bin/bot.ts`, how the command ran before the build existed), with `node -e 0` as the
 * baseline measured in the same run. The two paths alternate run by run so machine load falls on both alike.
 * Targets: `bot --help` ≤ 4× and `bot lint` on a two-trigger bot ≤ 6× `node -e 0`; `bot compile` on the
 * 10,000-trigger benchmark bot no slower built than through tsx. The build must be current: `npm run build` first
 * (`npm run bench:cli` does).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { generateBrain } from "./generate-brain.ts";

const RUNS = Number(process.env["RUNS"] ?? 5);
const repo = fileURLToPath(new URL("..", import.meta.url));
const BUILT = [join(repo, "bin/bot.js")];
const TSX = [join(repo, "bin/run-ts.js"), join(repo, "bin/bot.ts")];

if (!existsSync(join(repo, "dist/bin/bot.js"))) {
  console.error("bench:cli: dist/ is missing: run `npm run build` first");
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), "bench-cli-"));
const two = join(dir, "two.bot");
writeFileSync(two, "+ hello\n- Hi there\n\n+ *\n- Sorry, I did not get that\n");
const big = join(dir, "big.bot");
writeFileSync(big, generateBrain(10_000, 0).source);

interface Row {
  name: string;
  /** Arguments after the entry; null for the `node -e 0` baseline. */
  args: string[] | null;
  target: string;
}

const rows: Row[] = [
  { name: "node -e 0", args: null, target: "baseline" },
  { name: "bot --help", args: ["--help"], target: "≤ 4× node" },
  { name: "bot --version", args: ["--version"], target: "≤ 4× node" },
  { name: "bot lint (2 triggers)", args: ["lint", two], target: "≤ 6× node" },
  { name: "bot compile (10k triggers)", args: ["compile", big], target: "built ≤ tsx" },
];

function once(argv: string[]): { ms: number; status: number | null } {
  const start = performance.now();
  const result = spawnSync(process.execPath, argv, { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const ms = performance.now() - start;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${argv.join(" ")} exited ${result.status}: ${result.stderr}`);
  return { ms, status: result.status };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const results = rows.map((row) => {
  const built: number[] = [];
  const tsx: number[] = [];
  const argvs = row.args === null ? { built: ["-e", "0"], tsx: ["-e", "0"] } : { built: [...BUILT, ...row.args], tsx: [...TSX, ...row.args] };
  // One unmeasured run of each fills the file cache (and tsx's transform cache) before timing.
  once(argvs.built);
  once(argvs.tsx);
  for (let i = 0; i < RUNS; i++) {
    built.push(once(argvs.built).ms);
    tsx.push(once(argvs.tsx).ms);
  }
  // Both columns of the baseline row run the same command: its median is taken over all of them.
  return row.args === null ? { row, built: median([...built, ...tsx]), tsx: median([...built, ...tsx]) } : { row, built: median(built), tsx: median(tsx) };
});

const node = results[0]!.built;
const ms = (x: number): string => `${Math.round(x)} ms`;
const times = (x: number): string => `${(x / node).toFixed(1)}×`;
const verdict = (r: (typeof results)[number]): string => {
  if (r.row.args === null) return "";
  const limit = /≤ (\d+)×/.exec(r.row.target);
  const ok = limit ? r.built / node <= Number(limit[1]) : r.built <= r.tsx;
  return ok ? "met" : "NOT met";
};

console.log(`bot start-up, whole processes, median of ${RUNS} (node ${process.version}, ${process.platform}/${process.arch})\n`);
console.log("| command | built (dist/) | × node | tsx (sources) | × node | built vs tsx | target | |");
console.log("|---|---:|---:|---:|---:|---:|---|---|");
for (const r of results) {
  const speedup = r.row.args === null ? "" : `${(r.tsx / r.built).toFixed(1)}× faster`;
  console.log(`| ${r.row.name} | ${ms(r.built)} | ${times(r.built)} | ${ms(r.tsx)} | ${times(r.tsx)} | ${speedup} | ${r.row.target} | ${verdict(r)} |`);
}
