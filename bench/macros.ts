/**
 * @module `npm run bench:macros`: replies per second of a macro-heavy bot (three JavaScript macro calls
 * per reply) and the median (p50) cost of one macro call: the earlier `node:vm` host, the QuickJS sandbox
 * on the event loop (inline, the path before macros moved to worker threads) and in a worker thread (now),
 * in one run, same inputs. Then async macros (the same three with `await`) against the sync cost of the
 * sandbox before async macros (bench/baselines/sync-sandbox.ts), one call at a time on this thread and in a
 * worker thread: what an async body costs per call. First of all, the target of the warm sandbox: the
 * 3-macro bot against the same bot without macros (each `<call>` replaced by the text it returns), with
 * a fresh QuickJS runtime per call (the design before) in the same run, and a PASS/FAIL column
 * (`--target-only` prints just that table).
 */
import { performance } from "node:perf_hooks";
import { compile } from "../compiler/index.ts";
import { loadBrain, newBotState, newSession, respond } from "../engine/index.ts";
import type { EngineEnv, MacroHost } from "../engine/types.ts";
import { createMacroHost } from "../runtime/adapters/macros.ts";
import { DEFAULT_LIMITS, loadSandbox, runInSandbox } from "../runtime/adapters/sandbox.ts";
import { macroPool } from "../runtime/adapters/macro-pool.ts";
import { seededRandom } from "../test/support/random.ts";
import { createMacroHost as createVmMacroHost } from "./baselines/vm-macro-host.ts";
import { DEFAULT_LIMITS as BEFORE_LIMITS, loadSandbox as loadBeforeSandbox, runInSandbox as runBeforeSandbox } from "./baselines/sync-sandbox.ts";

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const REPLIES = flag("--replies", 2000);
const RUNS = flag("--runs", 3);

const SOURCE = `
> object shout javascript
  return args.join(" ").toUpperCase();
< object

> object count javascript
  var v = rs.getUservar(rs.currentUser(), "n");
  var n = (v === undefined || v === "undefined" ? 0 : Number(v)) + 1;
  rs.setUservar(rs.currentUser(), "n", String(n));
  return n;
< object

> object price javascript
  var total = 0;
  for (var i = 0; i < args.length; i++) total += Number(args[i]) || 0;
  return (total * 1.2).toFixed(2);
< object

+ order * and *
- <call>shout <star1></call> #<call>count</call>: $<call>price <star2> 3 4</call>
`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** Times every call the engine makes of `inner`. */
function timed(inner: MacroHost, samples: number[]): MacroHost {
  return {
    async call(name, callArgs, api) {
      const t0 = performance.now();
      try {
        return await inner.call(name, callArgs, api);
      } finally {
        samples.push(performance.now() - t0);
      }
    },
  };
}

async function repliesPerSecond(macros: MacroHost, source = SOURCE): Promise<{ perSecond: number; last: string }> {
  const { ir } = compile([{ path: "bench.bot", text: source }]);
  const brain = loadBrain(ir);
  const env: EngineEnv = { clock: { now: () => 0 }, random: seededRandom(7), fetcher: async () => ({ status: 0, text: "" }), macros };
  let state = { session: newSession("+15550001111", 0), bot: newBotState(ir) };
  let last = "";
  // Warm up (module load, JIT) before timing.
  for (let i = 0; i < 50; i++) await respond(brain, state, { from: "+15550001111", body: "order tea and 2", media: [] }, env);
  const t0 = performance.now();
  for (let i = 0; i < REPLIES; i++) {
    const result = await respond(brain, state, { from: "+15550001111", body: `order tea ${i % 7} and ${i % 5}`, media: [] }, env);
    state = { session: result.session, bot: result.bot };
    last = result.reply;
  }
  return { perSecond: (REPLIES / (performance.now() - t0)) * 1000, last };
}

const { ir } = compile([{ path: "bench.bot", text: SOURCE }]);

// The same bot without macros: each <call> replaced by the text it returns ("#n" fixed, the count aside).
const MACRO_FREE = `
+ order * and *
- <star1> #1: $<star2>.00
`;

/** The design before the warm sandbox: a fresh QuickJS runtime and context for every call, on this thread. */
async function freshPerCallHost(): Promise<MacroHost> {
  const module = await loadSandbox();
  const warm = createMacroHost(ir.objects, { isolation: "inline" });
  return {
    async call(name, callArgs, api) {
      const bridge = (method: string, values: string[]) => {
        if (method === "currentUser") return api.currentUser();
        if (method === "getUservar") return api.getUservar(values[0]!, values[1]!);
        if (method === "setUservar") return void api.setUservar(values[0]!, values[1]!, values[2]!);
        return undefined;
      };
      if (!ir.objects[name]) return warm.call(name, callArgs, api);
      const outcome = runInSandbox(module, ir.objects[name].code, callArgs, bridge, DEFAULT_LIMITS);
      if (outcome.type !== "ok") throw new Error(outcome.type);
      return outcome.value;
    },
  };
}

const noMacros: MacroHost = { call: async () => "" };
const targetRows: { what: string; perSecond: number; cpu: number }[] = [];
for (const [what, source, make] of [
  ["macro-free bot (baseline)", MACRO_FREE, async () => noMacros],
  ["3 macros, fresh runtime per call (before), this thread", SOURCE, freshPerCallHost],
  ["3 macros, warm sandbox, this thread", SOURCE, async () => createMacroHost(ir.objects, { isolation: "inline" })],
  ["3 macros, warm sandbox, worker thread (what bot run uses)", SOURCE, async () => createMacroHost(ir.objects)],
] as const) {
  const runs: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const host = await make();
    const before = process.cpuUsage();
    runs.push((await repliesPerSecond(host, source)).perSecond);
    const used = process.cpuUsage(before);
    // CPU of every thread of the process per reply (50 warm-up replies included).
    cpu.push((used.user + used.system) / (REPLIES + 50));
  }
  targetRows.push({ what, perSecond: median(runs), cpu: median(cpu) });
}
const free = targetRows[0]!;
console.log(`target: the 3-macro bot at >= 1/8 of the macro-free bot's replies/s; ${REPLIES} replies, median of ${RUNS} runs (node ${process.version})`);
console.log("| bot | replies/s | vs macro-free | CPU per reply (all threads) | CPU vs macro-free | target |");
console.log("|---|---:|---:|---:|---:|---|");
for (const row of targetRows) {
  const ratio = row.perSecond / free.perSecond;
  const verdict = row === free ? "baseline" : row.what.includes("worker") ? (ratio >= 1 / 8 ? "PASS (>= 1/8)" : "FAIL (< 1/8)") : "";
  console.log(
    `| ${row.what} | ${row.perSecond.toFixed(0)} | 1/${(1 / ratio).toFixed(1)} | ${row.cpu.toFixed(0)} µs | ${(row.cpu / free.cpu).toFixed(1)}× | ${verdict} |`,
  );
}
if (args.includes("--target-only")) {
  await macroPool().close();
  process.exit(0);
}
console.log("");

const rows: { engine: string; perSecond: number; p50: number; last: string }[] = [];
for (const [engine, make] of [
  ["node:vm (before QuickJS, baseline)", () => createVmMacroHost(ir.objects, { timeoutMs: 5000 })],
  ["QuickJS on the event loop (inline; warm sandbox since issue 26)", () => createMacroHost(ir.objects, { isolation: "inline" })],
  ["QuickJS in a worker thread (now)", () => createMacroHost(ir.objects)],
] as const) {
  const runs: number[] = [];
  const samples: number[] = [];
  let last = "";
  for (let r = 0; r < RUNS; r++) {
    const result = await repliesPerSecond(timed(make(), samples));
    runs.push(result.perSecond);
    last = result.last;
  }
  rows.push({ engine, perSecond: median(runs), p50: median(samples), last });
}
for (const row of rows.slice(1))
  if (rows[0]!.last.replace(/#\d+/, "#") !== row.last.replace(/#\d+/, "#")) throw new Error(`the engines disagree: "${rows[0]!.last}" vs "${row.last}"`);
const inline = rows[1]!;
console.log(`macro-heavy bot: 3 macro calls per reply, ${REPLIES} replies, median of ${RUNS} runs (node ${process.version})`);
console.log("| engine | replies/s | macro calls/s | p50 of one call | p50 vs on the event loop |");
console.log("|---|---:|---:|---:|---:|");
for (const row of rows)
  console.log(
    `| ${row.engine} | ${row.perSecond.toFixed(0)} | ${(row.perSecond * 3).toFixed(0)} | ${(row.p50 * 1000).toFixed(0)} µs | ${(row.p50 / inline.p50).toFixed(2)}× |`,
  );
console.log(`last reply: ${rows[2]!.last}`);

// The same macros as async bodies: each awaits (a resolved promise, an rs call, a bare await).
const ASYNC_SOURCE = `
> object shout javascript
  var text = await Promise.resolve(args.join(" "));
  return text.toUpperCase();
< object

> object count javascript
  var v = await rs.getUservar(rs.currentUser(), "n");
  var n = (v === undefined || v === "undefined" ? 0 : Number(v)) + 1;
  await rs.setUservar(rs.currentUser(), "n", String(n));
  return n;
< object

> object price javascript
  await null;
  var total = 0;
  for (var i = 0; i < args.length; i++) total += Number(args[i]) || 0;
  return (total * 1.2).toFixed(2);
< object

+ order * and *
- <call>shout <star1></call> #<call>count</call>: $<call>price <star2> 3 4</call>
`;

/** The sandbox before async macros, one call at a time on this thread, with the `rs` API it had. */
async function beforeAsyncHost(source: string): Promise<MacroHost> {
  const module = await loadBeforeSandbox();
  const { ir: compiled } = compile([{ path: "bench.bot", text: source }]);
  return {
    async call(name, callArgs, api) {
      const bridge = (method: string, values: string[]) => {
        if (method === "currentUser") return api.currentUser();
        if (method === "getUservar") return api.getUservar(values[0]!, values[1]!);
        if (method === "setUservar") return void api.setUservar(values[0]!, values[1]!, values[2]!);
        if (method === "getBotvar") return api.getBotvar(values[0]!);
        return undefined;
      };
      const outcome = runBeforeSandbox(module, compiled.objects[name]!.code, callArgs, bridge, BEFORE_LIMITS);
      if (outcome.type !== "ok") throw new Error(outcome.type);
      return outcome.value;
    },
  };
}

const { ir: asyncIr } = compile([{ path: "bench.bot", text: ASYNC_SOURCE }]);
// CPU time of the whole process (every thread) per macro call: on a shared machine, wall-clock time
// measures the neighbours as much as the macro.
const asyncRows: { engine: string; perSecond: number; p50: number; cpu: number; last: string }[] = [];
for (const [engine, source, make] of [
  ["sync macros, the sandbox before async macros (baseline)", SOURCE, () => beforeAsyncHost(SOURCE)],
  ["sync macros, now", SOURCE, async () => createMacroHost(ir.objects, { isolation: "inline" })],
  ["async macros (await), now", ASYNC_SOURCE, async () => createMacroHost(asyncIr.objects, { isolation: "inline" })],
  ["sync macros, worker thread, now", SOURCE, async () => createMacroHost(ir.objects)],
  ["async macros (await), worker thread, now", ASYNC_SOURCE, async () => createMacroHost(asyncIr.objects)],
] as const) {
  const runs: number[] = [];
  const samples: number[] = [];
  const cpu: number[] = [];
  let last = "";
  for (let r = 0; r < RUNS; r++) {
    const host = timed(await make(), samples);
    const before = process.cpuUsage();
    const result = await repliesPerSecond(host, source);
    const used = process.cpuUsage(before);
    // repliesPerSecond makes 50 warm-up replies before the timed ones, 3 calls each.
    cpu.push((used.user + used.system) / ((REPLIES + 50) * 3));
    runs.push(result.perSecond);
    last = result.last;
  }
  asyncRows.push({ engine, perSecond: median(runs), p50: median(samples), cpu: median(cpu), last });
}
for (const row of asyncRows.slice(1))
  if (asyncRows[0]!.last.replace(/#\d+/, "#") !== row.last.replace(/#\d+/, "#"))
    throw new Error(`the hosts disagree: "${asyncRows[0]!.last}" vs "${row.last}"`);
const baseline = asyncRows[0]!;
console.log("");
console.log(`async macros against the sync cost before them: same bot, ${REPLIES} replies, median of ${RUNS} runs`);
console.log("| host | replies/s | p50 of one call (wall) | CPU per call (all threads) | CPU vs the sync baseline |");
console.log("|---|---:|---:|---:|---:|");
for (const row of asyncRows)
  console.log(
    `| ${row.engine} | ${row.perSecond.toFixed(0)} | ${(row.p50 * 1000).toFixed(0)} µs | ${row.cpu.toFixed(0)} µs | ${(row.cpu / baseline.cpu).toFixed(2)}× |`,
  );
const onThread = asyncRows[2]!.cpu / baseline.cpu;
console.log(`async macros on this thread cost ${onThread.toFixed(2)}× the CPU of the sync baseline per call (target: at most 1.5×)`);
await macroPool().close();
