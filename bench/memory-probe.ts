/**
 * @module Prints the resident memory (MB) of a process holding one loaded bot of N triggers, as `bot run bot.json` holds it.
 *
 * `memory-probe.ts N` compiles the generated bot and writes its IR to a temporary JSON file, then runs
 * `memory-probe.ts --load FILE` in a fresh process, so the compiler's AST and garbage are not counted. That process
 * parses the JSON, loads the brain, lets go of the IR (the brain keeps no reference to it), collects garbage and
 * prints its RSS. Run it with `--expose-gc` (the benchmark does).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const args = process.argv.slice(2);

if (args[0] === "--load") {
  const { loadBrain } = await import("../engine/index.ts");
  let json: string | null = readFileSync(args[1]!, "utf8");
  const brain = loadBrain(JSON.parse(json));
  // eslint-disable-next-line no-useless-assignment -- drops the only reference so the collections below can free the text
  json = null;
  // Two collections with a pause: the first frees the IR, the second lets V8 shrink the heap it no longer needs.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await sleep(100);
  gc?.();
  if (brain.topics.size === 0) throw new Error("the probe's brain has no topics");
  console.log(Math.round(process.memoryUsage().rss / 1024 / 1024));
} else {
  const { compile } = await import("../compiler/index.ts");
  const { generateBrain } = await import("./generate-brain.ts");
  const triggers = Number(args[0] ?? 50_000);
  const { ir } = compile([{ path: "bench.bot", text: generateBrain(triggers, 0).source }]);
  const dir = mkdtempSync(join(tmpdir(), "bot-memory-probe-"));
  try {
    const file = join(dir, "bot.json");
    writeFileSync(file, JSON.stringify(ir));
    const out = execFileSync(process.execPath, ["--expose-gc", "bin/run-ts.js", "bench/memory-probe.ts", "--load", file], { encoding: "utf8" });
    console.log(out.trim().split("\n").pop());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
