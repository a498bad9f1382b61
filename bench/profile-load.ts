/**
 * @module `node bin/run-ts.js bench/profile-load.ts [--sizes 1000,10000,50000] [--runs 5] [--processes 3]`: times `loadBrain` alone.
 *
 * Each size is compiled once and written as IR JSON. Fresh processes then parse it and time:
 * - "cold": the first `loadBrain`, right after `JSON.parse`, as a starting bot pays it (cold JIT, and the
 *   collections that promote the IR just parsed, which any next step would pay);
 * - "cold, settled": the same after a full collection, so only `loadBrain`'s own work is counted;
 * - "after compile": the first `loadBrain` right after `compile()` of the source, as `npm run bench` times it;
 * - "warm": the median of further loads;
 * - rivescript's `stream` + `sortReplies` of the same source in the same process, as a yardstick.
 * Each time is the best over the processes, as wall-clock and as CPU time (steadier on a busy machine; it
 * includes GC and compiler helper threads). Set `PROFILE_LOAD_NODE_FLAGS="--cpu-prof"` to profile the children.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => (args.includes(name) ? String(args[args.indexOf(name) + 1]) : fallback);
const runs = Number(option("--runs", "5"));
const processes = Number(option("--processes", "3"));

interface Timing {
  wall: number;
  cpu: number;
}
interface ChildSample {
  first: Timing;
  warm: Timing;
  rivescript: Timing;
}

function timed(work: () => void): Timing {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  work();
  const wall = performance.now() - t0;
  const used = process.cpuUsage(cpu0);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Its own process, so that its load is a first one too. */
async function afterCompile(sourceFile: string): Promise<Timing> {
  const { loadBrain } = await import("../engine/index.ts");
  const { compile } = await import("../compiler/index.ts");
  const { ir } = compile([{ path: "bench.bot", text: readFileSync(sourceFile, "utf8") }]);
  return timed(() => loadBrain(ir));
}

async function child(irFile: string, sourceFile: string, settle: boolean): Promise<ChildSample> {
  const { loadBrain } = await import("../engine/index.ts");
  const source = readFileSync(sourceFile, "utf8");
  const json = readFileSync(irFile, "utf8");
  const loads: Timing[] = [];
  for (let run = 0; run < runs; run++) {
    const ir = JSON.parse(json);
    if (settle) (globalThis as { gc?: () => void }).gc!();
    loads.push(timed(() => loadBrain(ir)));
  }
  const later = loads.length > 1 ? loads.slice(1) : loads;
  const RiveScript = createRequire(import.meta.url)("rivescript");
  const rivescript = timed(() => {
    const rs = new RiveScript({ utf8: false });
    rs.stream(source);
    rs.sortReplies();
  });
  return { first: loads[0]!, warm: { wall: median(later.map((t) => t.wall)), cpu: median(later.map((t) => t.cpu)) }, rivescript };
}

if (args[0] === "--load") {
  console.log(JSON.stringify(await child(args[1]!, args[2]!, args.includes("--settle"))));
} else if (args[0] === "--after-compile") {
  console.log(JSON.stringify(await afterCompile(args[1]!)));
} else {
  const { compile } = await import("../compiler/index.ts");
  const { generateBrain } = await import("./generate-brain.ts");
  const sizes = option("--sizes", "1000,10000,50000").split(",").map(Number);
  const flags = (process.env.PROFILE_LOAD_NODE_FLAGS ?? "").split(" ").filter((f) => f !== "");
  const dir = mkdtempSync(join(tmpdir(), "bot-profile-load-"));
  const run = (irFile: string, sourceFile: string, settle: boolean): ChildSample => {
    const childArgs = ["bin/run-ts.js", "bench/profile-load.ts", "--load", irFile, sourceFile, "--runs", String(runs)];
    const out = execFileSync(process.execPath, settle ? [...flags, "--expose-gc", ...childArgs, "--settle"] : [...flags, ...childArgs], { encoding: "utf8" });
    return JSON.parse(out.trim().split("\n").pop()!) as ChildSample;
  };
  const runAfterCompile = (sourceFile: string): Timing => {
    const out = execFileSync(process.execPath, [...flags, "bin/run-ts.js", "bench/profile-load.ts", "--after-compile", sourceFile], { encoding: "utf8" });
    return JSON.parse(out.trim().split("\n").pop()!) as Timing;
  };
  const best = (timings: Timing[]): string => `${Math.min(...timings.map((t) => t.wall)).toFixed(1)} / ${Math.min(...timings.map((t) => t.cpu)).toFixed(1)} ms`;
  try {
    console.log(`loadBrain, best of ${processes} processes (wall / CPU), Node ${process.version}`);
    console.log("| triggers | IR JSON | cold | cold, settled | after compile | warm (median) | rivescript stream+sortReplies |");
    console.log("|---:|---:|---:|---:|---:|---:|---:|");
    for (const size of sizes) {
      const { source } = generateBrain(size, 0);
      const irFile = join(dir, `bot-${size}.json`);
      const sourceFile = join(dir, `bot-${size}.rive`);
      writeFileSync(irFile, JSON.stringify(compile([{ path: "bench.bot", text: source }]).ir));
      writeFileSync(sourceFile, source);
      const plain: ChildSample[] = [];
      const settled: ChildSample[] = [];
      const compiled: Timing[] = [];
      for (let p = 0; p < processes; p++) {
        plain.push(run(irFile, sourceFile, false));
        settled.push(run(irFile, sourceFile, true));
        compiled.push(runAfterCompile(sourceFile));
      }
      const mb = (readFileSync(irFile).length / 1e6).toFixed(1);
      const cells = [
        best(plain.map((s) => s.first)),
        best(settled.map((s) => s.first)),
        best(compiled),
        best([...plain, ...settled].map((s) => s.warm)),
        best([...plain, ...settled].map((s) => s.rivescript)),
      ];
      console.log(`| ${size.toLocaleString("en-US")} | ${mb} MB | ${cells.join(" | ")} |`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
