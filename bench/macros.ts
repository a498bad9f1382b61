/**
 * @module `npm run bench:macros`: replies per second of a macro-heavy bot (three JavaScript macro calls
 * per reply) with the QuickJS sandbox against the earlier `node:vm` host, in one run, same inputs.
 */
import { performance } from "node:perf_hooks";
import { compile } from "../compiler/index.ts";
import { loadBrain, newBotState, newSession, respond } from "../engine/index.ts";
import type { EngineEnv, MacroHost } from "../engine/types.ts";
import { createMacroHost } from "../runtime/adapters/macros.ts";
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
const rows: { engine: string; perSecond: number; last: string }[] = [];
for (const [engine, make] of [
  ["node:vm (before, baseline)", () => createVmMacroHost(ir.objects, { timeoutMs: 5000 })],
  ["QuickJS sandbox (now)", () => createMacroHost(ir.objects)],
] as const) {
  const runs: number[] = [];
  let last = "";
  for (let r = 0; r < RUNS; r++) {
    const result = await repliesPerSecond(make());
    runs.push(result.perSecond);
    last = result.last;
  }
  rows.push({ engine, perSecond: median(runs), last });
}
if (rows[0]!.last.replace(/#\d+/, "#") !== rows[1]!.last.replace(/#\d+/, "#"))
  throw new Error(`the engines disagree: "${rows[0]!.last}" vs "${rows[1]!.last}"`);
console.log(`macro-heavy bot: 3 macro calls per reply, ${REPLIES} replies, median of ${RUNS} runs (node ${process.version})`);
console.log("| engine | replies/s | macro calls/s | vs baseline |");
console.log("|---|---:|---:|---:|");
for (const row of rows)
  console.log(
    `| ${row.engine} | ${row.perSecond.toFixed(0)} | ${(row.perSecond * 3).toFixed(0)} | ${((row.perSecond / rows[0]!.perSecond) * 100).toFixed(0)}% |`,
  );
console.log(`last reply: ${rows[1]!.last}`);
