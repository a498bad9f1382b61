/**
 * @module Benchmark baseline only: the JavaScript macro sandbox as it was before async macros (the body a
 * plain `new Function`, no timers, no console, the first `rs` API), kept unchanged so `npm run bench:macros`
 * prints the sync macro cost it had beside async macros on today's sandbox, in one run.
 */
import { newQuickJSWASMModuleFromVariant, newVariant } from "quickjs-emscripten-core";
import type { QuickJSContext, QuickJSHandle, QuickJSWASMModule } from "quickjs-emscripten-core";
import * as releaseSyncModule from "@jitl/quickjs-wasmfile-release-sync";

export interface SandboxLimits {
  /** Heap of one call, bytes. */
  memoryBytes: number;
  /** Engine work of one call, in interrupt checks (each about 10,000 interpreter steps). */
  cpuSteps: number;
  /** Native stack of one call, bytes (deep recursion ends with a RangeError inside the macro). */
  stackBytes: number;
  /**
   * What one call may hand the host, which the QuickJS heap limit does not see (the host copies it into
   * its own heap): characters of all `setUservar` names and values plus the returned text …
   */
  outputChars: number;
  /** … calls of the host (`rs.*`, `Math.random`) … */
  hostCalls: number;
  /** … `setUservar` calls … */
  writes: number;
  /** … and characters of one variable's value. */
  varChars: number;
}

export const DEFAULT_LIMITS: SandboxLimits = {
  memoryBytes: 16 * 1024 * 1024,
  cpuSteps: 40,
  stackBytes: 512 * 1024,
  outputChars: 256 * 1024,
  hostCalls: 1000,
  writes: 100,
  varChars: 16 * 1024,
};

/** What the host offers a macro, by method name: strings in, a string, a number or undefined out. */
export type HostBridge = (method: string, args: string[]) => string | number | undefined;

/** Which bridge limit a call went past: `variable` is one value over `varChars`, `output` any of the others. */
export type BridgeLimit = { type: "output" | "variable"; detail: string };

export type SandboxOutcome =
  | { type: "ok"; value: string }
  | { type: "error"; message: string }
  | { type: "cpu" }
  | { type: "memory" }
  | ({ type: "bridge" } & Omit<BridgeLimit, "type"> & { limit: BridgeLimit["type"] });

let loading: Promise<QuickJSWASMModule> | null = null;

/** Loads the WebAssembly module once per process (about 30 ms), on first use. */
export function loadSandbox(): Promise<QuickJSWASMModule> {
  // The variant is a CommonJS module: its default export is the variant whichever way it was imported.
  type SyncVariant = Parameters<typeof newQuickJSWASMModuleFromVariant>[0];
  const base = (releaseSyncModule as unknown as { default: SyncVariant }).default;
  // Emscripten's own stderr lines (an abort's assertion text) are not log lines; the abort is handled in `release`.
  loading ??= newQuickJSWASMModuleFromVariant(
    newVariant(base as never, { emscriptenModule: { printErr: () => undefined, print: () => undefined } as never }) as SyncVariant,
  );
  return loading;
}

/**
 * Runs the in-sandbox script `RUNNER` with the macro's source and arguments. The runner compiles the
 * body with `new Function("rs", "args", body)` inside the sandbox, so a body that tries to close a
 * wrapper (`}); …; (function () {`) is a syntax error rather than top-level code.
 */
export function runInSandbox(module: QuickJSWASMModule, code: string, args: string[], bridge: HostBridge, limits: SandboxLimits): SandboxOutcome {
  const runtime = module.newRuntime();
  let steps = 0;
  const output = bridgeMeter(limits);
  // Past a bridge limit the macro is stopped at the next check, whatever it does with the thrown error.
  runtime.setInterruptHandler(() => output.exceeded() !== null || ++steps > limits.cpuSteps);
  runtime.setMemoryLimit(limits.memoryBytes);
  runtime.setMaxStackSize(limits.stackBytes);
  const context = runtime.newContext();
  try {
    const host = context.newFunction("host", (nameHandle, argsHandle) => {
      const name = readString(context, nameHandle);
      const list = readString(context, argsHandle);
      if (name === undefined || list === undefined) return context.undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(list);
      } catch {
        return context.undefined;
      }
      const values = Array.isArray(parsed) ? parsed.map((v) => String(v)) : [];
      const refused = output.charge(name, values);
      if (refused !== null) throw new Error(refused.detail);
      let result: string | number | undefined;
      try {
        result = bridge(name, values);
      } catch {
        return context.undefined;
      }
      if (typeof result === "string") return context.newString(result);
      if (typeof result === "number") return context.newNumber(result);
      return context.undefined;
    });
    context.setProp(context.global, "__host", host);
    host.dispose();
    setString(context, "__code", code);
    setString(context, "__args", JSON.stringify(args));

    const started = context.evalCode(RUNNER, "macro-runner.js");
    if (started.error) {
      const outcome = classify(context, started.error, steps, limits, output.exceeded());
      started.error.dispose();
      return outcome;
    }
    // The runner's value is its own reader of the result: a handle the macro cannot replace.
    const reader = started.value;
    try {
      // Promise jobs (async macros, `then` traps) run under the same budget.
      while (runtime.hasPendingJob()) {
        const jobs = runtime.executePendingJobs();
        if (jobs.error) {
          const outcome = classify(context, jobs.error, steps, limits, output.exceeded());
          jobs.error.dispose();
          return outcome;
        }
        const over = output.exceeded();
        if (over !== null) return bridgeOutcome(over);
        if (steps > limits.cpuSteps) return { type: "cpu" };
      }
      const state = context.callFunction(reader, context.undefined);
      if (state.error) {
        const outcome = classify(context, state.error, steps, limits, output.exceeded());
        state.error.dispose();
        return outcome;
      }
      const text = readString(context, state.value);
      state.value.dispose();
      const over = output.exceeded() ?? (text?.startsWith("ok:") ? output.chargeResult(text.length - 3) : null);
      if (over !== null) return bridgeOutcome(over);
      if (text === undefined) return { type: "error", message: "macro result could not be read" };
      // The runner answers "pending" (never settled), "ok:<value>" or "err:<message>".
      if (text === "pending") return { type: "error", message: "macro returned a promise that never settled" };
      if (text.startsWith("ok:")) return { type: "ok", value: text.slice(3) };
      const message = text.slice(4);
      return /^out of memory$/i.test(message) ? { type: "memory" } : { type: "error", message };
    } finally {
      reader.dispose();
    }
  } finally {
    release(runtime, context);
  }
}

type Runtime = ReturnType<QuickJSWASMModule["newRuntime"]>;

/** Jobs left behind by a stopped macro (an endless promise chain) must be gone before the runtime is freed. */
const DRAIN_JOBS = 1000;

function release(runtime: Runtime, context: QuickJSContext): void {
  // Past its budget, every interrupt check stops the macro, so each job left runs only a few steps.
  for (let i = 0; i < DRAIN_JOBS && runtime.hasPendingJob(); i++) {
    const jobs = runtime.executePendingJobs(1);
    if (jobs.error) jobs.error.dispose();
  }
  try {
    context.dispose();
    runtime.dispose();
  } catch {
    // A macro stopped in the middle of a promise job can leave QuickJS objects it cannot free, and
    // freeing its runtime then aborts this WebAssembly instance. The instance is dropped (its memory
    // goes with it) and the next call loads a fresh one.
    loading = null;
  }
}

/** An exception that escaped the runner: the interrupt (CPU), out of memory, or the runner itself failing. */
function classify(context: QuickJSContext, error: QuickJSHandle, steps: number, limits: SandboxLimits, over: BridgeLimit | null): SandboxOutcome {
  if (over !== null) return bridgeOutcome(over);
  if (steps > limits.cpuSteps) return { type: "cpu" };
  const message = readProperty(context, error, "message");
  if (message !== undefined && /out of memory/i.test(message)) return { type: "memory" };
  return { type: "error", message: message ?? "macro failed" };
}

const bridgeOutcome = (over: BridgeLimit): SandboxOutcome => ({ type: "bridge", limit: over.type, detail: over.detail });

/**
 * Counts what a call hands the host, before the host sees it: a refused write never reaches the
 * session, and once one limit is passed every later host call is refused too.
 */
function bridgeMeter(limits: SandboxLimits) {
  let calls = 0;
  let writes = 0;
  let chars = 0;
  let over: BridgeLimit | null = null;
  const refuse = (type: BridgeLimit["type"], detail: string): BridgeLimit => (over = { type, detail });
  const addChars = (n: number): BridgeLimit | null =>
    (chars += n) > limits.outputChars ? refuse("output", `it handed the host more than ${limits.outputChars} characters (runtime.macros.outputChars)`) : null;
  return {
    exceeded: () => over,
    charge(method: string, args: string[]): BridgeLimit | null {
      if (over !== null) return over;
      if (++calls > limits.hostCalls) return refuse("output", `it called the host more than ${limits.hostCalls} times (runtime.macros.hostCalls)`);
      if (method !== "setUservar") return null;
      if (++writes > limits.writes) return refuse("output", `it set more than ${limits.writes} variables (runtime.macros.writes)`);
      const value = args[2] ?? "";
      if (value.length > limits.varChars)
        return refuse("variable", `it set ${args[1] ?? "a variable"} to ${value.length} characters, more than ${limits.varChars} (runtime.macros.varChars)`);
      return addChars((args[1] ?? "").length + value.length);
    },
    chargeResult: (length: number): BridgeLimit | null => (over !== null ? over : addChars(length)),
  };
}

function readProperty(context: QuickJSContext, handle: QuickJSHandle, name: string): string | undefined {
  if (context.typeof(handle) !== "object") return readString(context, handle);
  // A plain property read: the runner only lets Error objects it made itself, or engine errors, reach here.
  const value = context.getProp(handle, name);
  try {
    return readString(context, value);
  } finally {
    value.dispose();
  }
}

/** Only a string primitive is read: nothing of the macro's own code runs on the host side. */
function readString(context: QuickJSContext, handle: QuickJSHandle): string | undefined {
  return context.typeof(handle) === "string" ? context.getString(handle) : undefined;
}

function setString(context: QuickJSContext, name: string, value: string): void {
  const handle = context.newString(value);
  context.setProp(context.global, name, handle);
  handle.dispose();
}

/**
 * Runs inside the sandbox. Takes the host values off the global object first, builds a frozen `rs`
 * whose functions pass strings only, compiles the body as a function body, calls it, and turns the
 * result into a string here (so `toString`, `Symbol.toPrimitive` and getters run under the limits).
 */
const RUNNER = String.raw`"use strict";
(function () {
  var host = globalThis.__host, code = globalThis.__code, argsJson = globalThis.__args;
  delete globalThis.__host; delete globalThis.__code; delete globalThis.__args;
  var S = String, stringify = JSON.stringify, parse = JSON.parse, freeze = Object.freeze;
  var sourceOf = Function.prototype.call.bind(Function.prototype.toString);
  var call = function (name, list) { return host(name, stringify(list)); };
  var now = call("now", []);
  if (typeof now === "number") {
    var RealDate = Date;
    globalThis.Date = class Date extends RealDate {
      constructor(...parts) { if (parts.length === 0) super(now); else super(...parts); }
      static now() { return now; }
    };
  }
  if (call("hasRandom", []) === 1) Math.random = function () { return call("random", []); };
  var rs = freeze({
    currentUser: function () { return call("currentUser", []); },
    getUservar: function (user, name) { return call("getUservar", [S(user), S(name)]); },
    setUservar: function (user, name, value) { call("setUservar", [S(user), S(name), S(value)]); },
    getBotvar: function (name) { return call("getBotvar", [S(name)]); }
  });
  var state = "pending";
  var text = function (v) { return v === undefined || v === null ? "" : S(v); };
  var reason = function (e) {
    try { return S(e !== null && typeof e === "object" && "message" in e ? e.message : e); } catch (inner) { return "macro threw a value that cannot be shown"; }
  };
  var finish = function (v) { try { state = "ok:" + text(v); } catch (e) { state = "err:" + reason(e); } };
  var fail = function (e) { state = "err:" + reason(e); };
  var read = function () { return state; };
  var macro;
  try {
    macro = new Function("rs", "args", code);
  } catch (e) {
    state = "err:syntax error in macro: " + reason(e);
    return read;
  }
  // A body that closes the function and opens another (\`}); …; (function () {\`) yields a different function.
  if (sourceOf(macro) !== "function anonymous(rs,args\n) {\n" + code + "\n}") {
    state = "err:syntax error in macro: the body closes its function early";
    return read;
  }
  try {
    var result = macro(rs, parse(argsJson));
    var then = result !== null && (typeof result === "object" || typeof result === "function") ? result.then : undefined;
    if (typeof then === "function") Promise.resolve(result).then(finish, fail); else finish(result);
  } catch (e) { fail(e); }
  return read;
})();`;
