/** @module The messages between the main thread and a macro worker thread (macro-pool.ts, macro-worker.ts). */
import type { MessagePort } from "node:worker_threads";
import type { SandboxLimits, SandboxOutcome } from "./sandbox.ts";

export interface WorkerData {
  /** The worker reads answers to its `rs.*` questions here, synchronously (`receiveMessageOnPort`). */
  answers: MessagePort;
  /** One Int32: WAITING while a question is out, ANSWERED once its answer is on `answers`. */
  signal: SharedArrayBuffer;
}

export const WAITING = 0;
export const ANSWERED = 1;
/** A worker never waits longer than this for one answer (the main thread answers in microseconds). */
export const BRIDGE_WAIT_MS = 5000;

/** One macro call. Values the runner asks for once (user, time, whether random is seeded) travel with it. */
export interface MacroJob {
  id: number;
  /** Calls of one reply share a sandbox context in the worker; a call of any other reply gets a fresh one. */
  reply: number;
  code: string;
  args: string[];
  limits: SandboxLimits;
  /** What the call's timers may wait in all (virtual ms): the deadline. */
  budgetMs: number;
  user: string;
  now: number | undefined;
  hasRandom: boolean;
}

export type WorkerReply =
  { type: "ready" } | { type: "bridge"; id: number; method: string; args: string[] } | { type: "done"; id: number; outcome: SandboxOutcome };
