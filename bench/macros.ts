/**
 * @module `npm run bench:macros`: replies per second of a macro-heavy bot (three JavaScript macro calls
 * per reply) and the median (p50) cost of one macro call: the earlier `node:vm` host, the QuickJS sandbox
 * on the event loop (inline, the path before macros moved to worker threads) and in a worker thread (now),
 * in one run, same inputs.
 */
import { performance } from "node:perf_hooks";
import { compile } from "../compiler/index.ts";
import { loadBrain, newBotState, newSession, respond } from "../engine/index.ts";
import type { EngineEnv, MacroHost } from "../engine/types.ts";
import { createMacroHost } from "../runtime/adapters/macros.ts";
import { macroPool } from "../runtime/adapters/macro-pool.ts";
import { seededRandom } from "../test/support/random.ts";
import { createMacroHost as createVmMacroHost } from "./baselines/vm-macro-host.ts";

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const REPLIES = flag("--replies", 2000);
const RUNS = flag("--runs", 3);

const SOURCE = `
> object shout javascript
  return args.join(" ").toUpperCase();
< object

> object count javascript
  var n = Number(rs.getUservar(rs.currentUser(), "n") || 0) + 1;
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

async function repliesPerSecond(macros: MacroHost): Promise<{ perSecond: number; last: string }> {
  const { ir } = compile([{ path: "bench.bot", text: SOURCE }]);
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
const rows: { engine: string; perSecond: number; p50: number; last: string }[] = [];
for (const [engine, make] of [
  ["node:vm (before QuickJS, baseline)", () => createVmMacroHost(ir.objects, { timeoutMs: 5000 })],
  ["QuickJS on the event loop (before workers)", () => createMacroHost(ir.objects, { isolation: "inline" })],
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
await macroPool().close();
