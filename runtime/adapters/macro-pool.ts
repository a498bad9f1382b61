/**
 * @module The worker threads JavaScript macros run in, off the event loop. A native built-in such as
 * `indexOf` on a large text runs without the interrupt checks the CPU limit counts, so a macro's only hard
 * bound is the wall clock: each call has a deadline, and a worker still busy at its deadline is terminated
 * (and replaced). Meanwhile the main thread goes on serving webhooks, `/healthz` and the dispatcher.
 * One pool per process, shared by every macro host; workers load QuickJS once and are kept warm.
 */
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { MessageChannel, Worker } from "node:worker_threads";
import type { MessagePort } from "node:worker_threads";
import type { MacroJob, WorkerData, WorkerReply } from "./macro-protocol.ts";
import { ANSWERED } from "./macro-protocol.ts";
import type { HostBridge, SandboxOutcome } from "./sandbox.ts";

export type PoolOutcome = SandboxOutcome | { type: "deadline" } | { type: "crashed"; message: string };

export interface MacroPool {
  /** Runs one call; `bridge` answers its `rs.*` questions on this thread. Never rejects. */
  run(job: Omit<MacroJob, "id">, bridge: HostBridge, deadlineMs: number): Promise<PoolOutcome>;
  /** Starts a worker now if none is running, so the first call does not wait for one. */
  warm(): void;
  /** Terminates every worker (tests; the process exits without it, idle workers do not hold it). */
  close(): Promise<void>;
}

/** A worker's JavaScript heap (outside QuickJS's own): past it the worker dies, never the process. */
const WORKER_HEAP_MB = 128;

// The worker runs this file's sibling, as TypeScript (through tsx) from the sources, as JavaScript from dist/.
const self = fileURLToPath(import.meta.url);
const ENTRY = pathToFileURL(path.join(path.dirname(self), `macro-worker${path.extname(self)}`)).href;
const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.entry);
})();
`;
function tsxLoader(): string | undefined {
  if (!ENTRY.endsWith(".ts")) return undefined;
  // The package's ESM build: its CommonJS one cannot register the loader from a worker.
  return pathToFileURL(
    createRequire(import.meta.url)
      .resolve("tsx/esm/api")
      .replace(/\.cjs$/, ".mjs"),
  ).href;
}

interface Slot {
  worker: Worker;
  answers: MessagePort;
  flag: Int32Array;
  ready: Promise<void>;
  job: { id: number; bridge: HostBridge; finish(outcome: PoolOutcome): void } | null;
  gone: boolean;
}

export function createMacroPool(size = Math.min(4, Math.max(2, os.availableParallelism()))): MacroPool {
  const slots = new Set<Slot>();
  const idle: Slot[] = [];
  const queue: ((slot: Slot) => void)[] = [];
  let ids = 0;

  function spawn(): Slot {
    const { port1, port2 } = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    const data: WorkerData & { entry: string; tsx: string | undefined } = { answers: port2, signal, entry: ENTRY, tsx: tsxLoader() };
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: data, transferList: [port2], resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    let markReady: () => void = () => undefined;
    const slot: Slot = { worker, answers: port1, flag: new Int32Array(signal), ready: new Promise((resolve) => (markReady = resolve)), job: null, gone: false };
    worker.on("message", (reply: WorkerReply) => {
      if (reply.type === "ready") markReady();
      else if (reply.type === "bridge") answer(slot, reply.method, reply.args);
      else if (slot.job?.id === reply.id) slot.job.finish(reply.outcome);
    });
    const died = (message: string) => {
      if (slot.gone) return;
      discard(slot);
      markReady();
      slot.job?.finish({ type: "crashed", message });
    };
    worker.on("error", (error: Error & { code?: string }) =>
      died(error.code === "ERR_WORKER_OUT_OF_MEMORY" ? `the macro worker ran out of memory (${WORKER_HEAP_MB} MB)` : error.message),
    );
    worker.on("exit", (code) => died(`the macro worker exited (code ${code})`));
    // Unref'd only now: adding a "message" listener refs the worker's port again, and an idle pool must not hold
    // the process open (`bot test` ended its output and then never exited).
    worker.unref();
    slots.add(slot);
    return slot;
  }

  function answer(slot: Slot, method: string, args: string[]): void {
    let value: string | number | undefined;
    try {
      value = slot.job?.bridge(method, args);
    } catch {
      value = undefined;
    }
    slot.answers.postMessage({ value });
    Atomics.store(slot.flag, 0, ANSWERED);
    Atomics.notify(slot.flag, 0);
  }

  function discard(slot: Slot): void {
    slot.gone = true;
    slots.delete(slot);
    const at = idle.indexOf(slot);
    if (at >= 0) idle.splice(at, 1);
    slot.answers.close();
    void slot.worker.terminate();
    // A waiting call gets the replacement; with nobody waiting, one worker is kept warm.
    if (queue.length > 0) queue.shift()!(spawn());
    else if (slots.size === 0) idle.push(spawn());
  }

  function acquire(): Promise<Slot> {
    const ready = idle.pop();
    if (ready) return Promise.resolve(ready);
    if (slots.size < size) return Promise.resolve(spawn());
    return new Promise((resolve) => queue.push(resolve));
  }

  function release(slot: Slot): void {
    slot.job = null;
    if (slot.gone) return;
    const next = queue.shift();
    if (next) next(slot);
    else {
      slot.worker.unref();
      idle.push(slot);
    }
  }

  return {
    async run(job, bridge, deadlineMs) {
      const slot = await acquire();
      // Held open while a call waits for it (startup included); unref'd again when it goes back to idle.
      slot.worker.ref();
      // The deadline counts the call itself, not the wait for a worker to start.
      await slot.ready;
      if (slot.gone) return { type: "crashed", message: "the macro worker could not start" };
      const id = ++ids;
      return new Promise<PoolOutcome>((resolve) => {
        const timer = setTimeout(() => {
          slot.job = null;
          discard(slot);
          resolve({ type: "deadline" });
        }, deadlineMs);
        slot.job = {
          id,
          bridge,
          finish(outcome) {
            clearTimeout(timer);
            release(slot);
            resolve(outcome);
          },
        };
        slot.worker.postMessage({ ...job, id } satisfies MacroJob);
      });
    },
    warm() {
      if (slots.size === 0) idle.push(spawn());
    },
    async close() {
      const all = [...slots];
      slots.clear();
      idle.length = 0;
      for (const slot of all) slot.gone = true;
      await Promise.all(all.map((slot) => slot.worker.terminate()));
    },
  };
}

let shared: MacroPool | null = null;

/** The process's pool, made on first use. */
export function macroPool(): MacroPool {
  return (shared ??= createMacroPool());
}

/** Stops the process's pool, if one was made (`bot run` at shutdown): no worker outlives the server. */
export async function closeMacroPool(): Promise<void> {
  const pool = shared;
  shared = null;
  await pool?.close();
}
