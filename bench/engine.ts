/** @module `npm run bench`: our compiler + engine against rivescript 2.2.1 on the same generated brains and inputs. */
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { compile } from "../compiler/index.ts";
import { loadBrain, newBotState, newSession, respond } from "../engine/index.ts";
import type { EngineEnv } from "../engine/types.ts";
import { seededRandom } from "../test/support/random.ts";
import { generateBrain } from "./generate-brain.ts";

const require = createRequire(import.meta.url);
const RiveScript = require("rivescript");

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const SIZES = args.includes("--sizes")
  ? String(args[args.indexOf("--sizes") + 1])
      .split(",")
      .map(Number)
  : [1_000, 10_000, 50_000];
const INPUTS = flag("--inputs", 10_000);
const RUNS = flag("--runs", 3);
// rivescript scans every trigger per message (about 60 replies/s at 10k triggers), so by default it answers a
// prefix of the same inputs, sized to take roughly 20 s per run; `--full` gives it all of them.
const RS_BUDGET = args.includes("--full") ? Infinity : flag("--rs-budget-ms", 20_000);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const env: EngineEnv = {
  clock: { now: () => 0 },
  random: seededRandom(7),
  fetcher: async () => ({ status: 0, text: "", error: "no network in benchmarks" }),
  macros: { call: async () => "" },
};

async function ours(source: string, inputs: string[]) {
  const t0 = performance.now();
  const { ir, diagnostics } = compile([{ path: "bench.bot", text: source }]);
  const brain = loadBrain(ir);
  const compileMs = performance.now() - t0;
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new Error(`generated brain does not compile: ${errors[0]?.message}`);
  let state = { session: newSession("+15550001111", 0), bot: newBotState(ir) };
  const replies: string[] = [];
  const cpu1 = process.cpuUsage();
  const t1 = performance.now();
  for (const body of inputs) {
    const result = await respond(brain, state, { from: "+15550001111", body, media: [] }, env);
    state = { session: result.session, bot: result.bot };
    replies.push(result.reply);
  }
  const replyMs = performance.now() - t1;
  const cpu = process.cpuUsage(cpu1);
  // Replies per second of CPU time as well: on a shared machine wall time also counts the waits for a core.
  return { compileMs, perSecond: (inputs.length / replyMs) * 1000, perCpuSecond: (inputs.length / ((cpu.user + cpu.system) / 1000)) * 1000, replies };
}

async function reference(source: string, inputs: string[]) {
  const t0 = performance.now();
  const rs = new RiveScript({ utf8: false });
  rs.stream(source);
  rs.sortReplies();
  const compileMs = performance.now() - t0;
  const replies: string[] = [];
  const t1 = performance.now();
  for (const body of inputs) {
    replies.push(await rs.reply("bench", body));
    if (performance.now() - t1 > RS_BUDGET) break;
  }
  const replyMs = performance.now() - t1;
  return { compileMs, perSecond: (replies.length / replyMs) * 1000, replies };
}

function rssOfCompiledBot(triggers: number): number {
  const out = execFileSync(process.execPath, ["--expose-gc", "bin/run-ts.js", "bench/memory-probe.ts", String(triggers)], { encoding: "utf8" });
  return Number(out.trim().split("\n").pop());
}

const rows: string[][] = [];
for (const size of SIZES) {
  const { source, inputs } = generateBrain(size, INPUTS);
  const runs = { ours: [] as Awaited<ReturnType<typeof ours>>[], ref: [] as Awaited<ReturnType<typeof reference>>[] };
  for (let run = 0; run < RUNS; run++) {
    runs.ours.push(await ours(source, inputs));
    runs.ref.push(await reference(source, inputs));
  }
  const compared = Math.min(...runs.ref.map((r) => r.replies.length));
  let mismatches = 0;
  for (let i = 0; i < compared; i++) {
    if (runs.ours[0]!.replies[i] !== runs.ref[0]!.replies[i]) {
      if (mismatches < 3)
        console.error(
          `mismatch at ${size}: ${JSON.stringify(inputs[i])} → ours ${JSON.stringify(runs.ours[0]!.replies[i])}, rivescript ${JSON.stringify(runs.ref[0]!.replies[i])}`,
        );
      mismatches++;
    }
  }
  const oursRate = median(runs.ours.map((r) => r.perSecond));
  const oursCpuRate = median(runs.ours.map((r) => r.perCpuSecond));
  const refRate = median(runs.ref.map((r) => r.perSecond));
  const oursCompile = median(runs.ours.map((r) => r.compileMs));
  const refCompile = median(runs.ref.map((r) => r.compileMs));
  const rss = rssOfCompiledBot(size);
  rows.push([
    size.toLocaleString("en-US"),
    `${oursCompile.toFixed(1)} ms`,
    `${refCompile.toFixed(1)} ms`,
    `${Math.round(oursRate).toLocaleString("en-US")}`,
    `${Math.round(oursCpuRate).toLocaleString("en-US")}`,
    `${refRate.toFixed(1)}`,
    `${(oursRate / refRate).toFixed(0)}×`,
    `${compared.toLocaleString("en-US")}/${inputs.length.toLocaleString("en-US")}`,
    mismatches === 0 ? "identical" : `${mismatches} differ`,
    `${rss} MB`,
    // Issue 26's target: at least 100,000 replies/s at every size.
    oursRate >= 100_000 ? "PASS" : "FAIL",
  ]);
  process.stderr.write(`measured ${size} triggers\n`);
}

const header = [
  "triggers",
  "compile (ours)",
  "stream+sort (rs)",
  "replies/s (ours)",
  "per CPU-s (ours)",
  "replies/s (rs)",
  "speed-up",
  "replies compared",
  "replies",
  "RSS of compiled bot",
  "≥ 100k/s",
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(" | ")} |`;
console.log(
  `\nEngine benchmark (load average ${loadavg()[0]!.toFixed(1)}): medians of ${RUNS} runs, ${INPUTS.toLocaleString("en-US")} inputs (half matching, half catch-all), rivescript ${require("rivescript/package.json").version}, Node ${process.version}`,
);
console.log(line(header));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const row of rows) console.log(line(row));
process.exitCode = rows.some((r) => r[8] !== "identical") ? 1 : 0;
