/**
 * @module The body of a macro worker thread (started by macro-pool.ts): loads QuickJS once, then runs one
 * macro call at a time in its warm sandbox (one runtime, a fresh context for each reply). The macro's `rs.*` calls are answered by the main
 * thread: this thread posts the question and blocks on a shared flag until the answer is on its port
 * (blocking here is fine, the main thread's event loop never waits on a macro).
 */
import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import type { MessagePort } from "node:worker_threads";
import { createWarmSandbox, loadSandbox } from "./sandbox.ts";
import type { HostBridge } from "./sandbox.ts";
import type { MacroJob, WorkerData, WorkerReply } from "./macro-protocol.ts";
import { ANSWERED, BRIDGE_WAIT_MS, WAITING } from "./macro-protocol.ts";

const { answers, signal } = workerData as WorkerData;
const flag = new Int32Array(signal);
const port = parentPort!;
const post = (reply: WorkerReply) => port.postMessage(reply);

/** What the main thread already told us is answered here; the rest is a round trip. */
function bridgeFor(job: MacroJob, replies: MessagePort): HostBridge {
  return (method, args) => {
    switch (method) {
      case "currentUser":
        return job.user;
      case "now":
        return job.now;
      case "hasRandom":
        return job.hasRandom ? 1 : undefined;
      default: {
        Atomics.store(flag, 0, WAITING);
        post({ type: "bridge", id: job.id, method, args });
        // The main thread answers at once; the wait is bounded so a lost answer cannot hang this thread.
        if (Atomics.wait(flag, 0, WAITING, BRIDGE_WAIT_MS) === "timed-out" && Atomics.load(flag, 0) !== ANSWERED) return undefined;
        const answer = receiveMessageOnPort(replies)?.message as { value: string | number | undefined } | undefined;
        return answer?.value;
      }
    }
  };
}

const sandbox = createWarmSandbox(await loadSandbox());
port.on("message", (job: MacroJob) => {
  let outcome;
  try {
    outcome = sandbox.run({ reply: job.reply, code: job.code, args: job.args, bridge: bridgeFor(job, answers), limits: job.limits, budgetMs: job.budgetMs });
  } catch (error) {
    outcome = { type: "error" as const, message: error instanceof Error ? error.message : String(error) };
  }
  post({ type: "done", id: job.id, outcome });
  // QuickJS aborted while freeing a macro's leftovers: this thread's WebAssembly instance is done, and the
  // pool replaces a worker that exits.
  if (sandbox.broken()) process.exit(1);
});
post({ type: "ready" });
