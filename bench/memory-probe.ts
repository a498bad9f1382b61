/** @module Prints the resident memory (MB) of a process holding one compiled, loaded bot of N triggers. */
import { compile } from "../compiler/index.ts";
import { loadBrain } from "../runtime/engine/index.ts";
import { generateBrain } from "./generate-brain.ts";

const triggers = Number(process.argv[2] ?? 50_000);
const { source } = generateBrain(triggers, 0);
const { ir } = compile([{ path: "bench.bot", text: source }]);
const brain = loadBrain(ir);
// Keep the brain alive past a collection so RSS reflects what a running bot holds, not compile garbage.
(globalThis as { gc?: () => void }).gc?.();
await new Promise((resolve) => setTimeout(resolve, 100));
if (!brain) throw new Error("no brain");
console.log(Math.round(process.memoryUsage().rss / 1024 / 1024));
