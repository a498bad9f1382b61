/**
 * @module The JavaScript macro sandbox: QuickJS compiled to WebAssembly (`quickjs-emscripten-core` with
 * the release-sync variant): a runtime kept warm per worker thread, a fresh context per reply (nothing one
 * reply's macros wrote is visible to the next), each macro body compiled once per context. The macro sees only the
 * language's built-ins and the `rs` API; values cross the boundary as strings and numbers only, and
 * every conversion of the macro's result happens inside the sandbox, under its limits. The CPU limit
 * counts the engine's own work (QuickJS interrupt checks, one per ~10,000 interpreter steps), not
 * wall-clock time, so a loaded machine does not fail a correct macro, and a hostile one cannot hold the
 * server longer than its budget of work.
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

export type SandboxOutcome = (
  | { type: "ok"; value: string }
  | { type: "error"; message: string }
  /** The body does not compile (rivescript does not load such a macro: a call of it is "Object Not Found"). */
  | { type: "syntax"; message: string }
  | { type: "cpu" }
  | { type: "memory" }
  /** Its promise is pending with nothing left that could settle it: no promise job, no timer. */
  | { type: "unsettled" }
  /** Its next timer is due past the call's time budget (what its timers may wait in all). */
  | { type: "timers"; dueMs: number }
  | ({ type: "bridge" } & Omit<BridgeLimit, "type"> & { limit: BridgeLimit["type"] })
) & { console?: MacroConsole };

/** What the macro wrote with `console.*`, bounded: lines (level, text) and the characters dropped past the bound. */
export interface MacroConsole {
  lines: { level: ConsoleLevel; text: string }[];
  dropped: number;
}
export type ConsoleLevel = "debug" | "info" | "warn" | "error";

/** `console.*` of one call keeps at most this many characters … */
export const CONSOLE_CHARS = 4096;
/** … in at most this many lines; the rest is counted, not kept. */
export const CONSOLE_LINES = 50;

/** What one call may do besides its limits: the virtual time its timers may wait, in all. */
export interface SandboxCall {
  budgetMs: number;
}

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
 * Runs one call in a runtime of its own, made for it and freed after it (the `inline` path and the tests
 * of single calls); the worker threads keep a warm sandbox instead (`createWarmSandbox`).
 */
export function runInSandbox(
  module: QuickJSWASMModule,
  code: string,
  args: string[],
  bridge: HostBridge,
  limits: SandboxLimits,
  call: SandboxCall = { budgetMs: 1000 },
): SandboxOutcome {
  const sandbox = createWarmSandbox(module);
  try {
    return sandbox.run({ reply: 0, code, args, bridge, limits, budgetMs: call.budgetMs });
  } finally {
    sandbox.dispose();
  }
}

/** One macro call in a warm sandbox: calls with the same `reply` share a context, any other reply gets a fresh one. */
export interface WarmCall extends SandboxCall {
  reply: number;
  code: string;
  args: string[];
  bridge: HostBridge;
  limits: SandboxLimits;
}

export interface WarmSandbox {
  run(call: WarmCall): SandboxOutcome;
  /** True once QuickJS aborted while freeing a context: this WebAssembly instance must not run anything more. */
  broken(): boolean;
  dispose(): void;
}

/**
 * A QuickJS runtime kept warm across calls, with one context per reply. The runner is compiled once per
 * context and each macro body once per context (on its first call), so a reply's second and third calls
 * pay only for running. A context never serves two replies: the first call of another reply frees it and
 * makes a fresh one (new globals, new prototypes, nothing a macro wrote), and so does any call that ends
 * other than "ok" or leaves promise jobs behind. The limits stay per call: engine work, bridge output and
 * the time budget are counted from zero for each call; the heap limit is the runtime's.
 */
export function createWarmSandbox(module: QuickJSWASMModule): WarmSandbox {
  let runtime: Runtime | null = null;
  let held: { reply: number; context: QuickJSContext; start: QuickJSHandle } | null = null;
  let broken = false;
  // The call running now: what the interrupt handler and the host function read.
  let steps = 0;
  let collecting = false;
  let cpuSteps = 0;
  let output = bridgeMeter(DEFAULT_LIMITS);
  let bridge: HostBridge = () => undefined;

  const ensureRuntime = (): Runtime => {
    if (runtime) return runtime;
    const made = module.newRuntime();
    // Past a bridge limit the macro is stopped at the next check, whatever it does with the thrown error.
    made.setInterruptHandler(() => !collecting && (output.exceeded() !== null || ++steps > cpuSteps));
    return (runtime = made);
  };

  const drop = (): void => {
    const current = held;
    held = null;
    if (!current || !runtime) return;
    // Past its budget, every interrupt check stops the macro, so each job left runs only a few steps.
    steps = Number.MAX_SAFE_INTEGER;
    for (let i = 0; i < DRAIN_JOBS && runtime.hasPendingJob(); i++) {
      const jobs = runtime.executePendingJobs(1);
      if (jobs.error) jobs.error.dispose();
    }
    // The call that opens the next context starts its count from zero.
    steps = 0;
    try {
      current.start.dispose();
      current.context.dispose();
    } catch {
      // A macro stopped in the middle of a promise job can leave QuickJS objects it cannot free, and
      // freeing them then aborts this WebAssembly instance. The instance is dropped (its memory goes
      // with it) and the next call loads a fresh one.
      broken = true;
      runtime = null;
      loading = null;
    }
  };

  const open = (reply: number, limits: SandboxLimits): { start: QuickJSHandle; context: QuickJSContext } | { outcome: SandboxOutcome } => {
    if (held?.reply === reply) return held;
    drop();
    const context = ensureRuntime().newContext();
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
    const started = context.evalCode(RUNNER, "macro-runner.js");
    if (started.error) {
      const outcome = classify(context, started.error, steps, limits, output.exceeded());
      started.error.dispose();
      held = { reply, context, start: context.undefined };
      drop();
      return { outcome };
    }
    held = { reply, context, start: started.value };
    return held;
  };

  return {
    run(call) {
      if (broken) return { type: "error", message: "the macro sandbox was reset; try again" };
      const { limits } = call;
      steps = 0;
      collecting = false;
      cpuSteps = limits.cpuSteps;
      output = bridgeMeter(limits);
      bridge = call.bridge;
      const rt = ensureRuntime();
      rt.setMemoryLimit(limits.memoryBytes);
      rt.setMaxStackSize(limits.stackBytes);
      const opened = open(call.reply, limits);
      if ("outcome" in opened) return opened.outcome;
      const { context, start } = opened;
      let keep = false;
      try {
        // The call's clock and whether randomness is seeded are asked here, not by the runner: each
        // crossing of the boundary costs as much as a small macro. The timer and console sources cross
        // only for a body that names them (compiled once per context).
        const now = call.bridge("now", []);
        const values = [
          context.newString(call.code),
          context.newString(JSON.stringify(call.args)),
          context.newNumber(call.budgetMs),
          NAMES_TIMERS.test(call.code) ? context.newString(TIMERS) : context.undefined,
          NAMES_CONSOLE.test(call.code) ? context.newString(CONSOLE) : context.undefined,
          typeof now === "number" ? context.newNumber(now) : context.undefined,
          context.newNumber(call.bridge("hasRandom", []) === 1 ? 1 : 0),
        ];
        const begun = context.callFunction(start, context.undefined, ...values);
        for (const value of values) value.dispose();
        if (begun.error) {
          const outcome = classify(context, begun.error, steps, limits, output.exceeded());
          begun.error.dispose();
          return outcome;
        }
        // The call's controller ("state", "tick", "console"): a handle the macro cannot replace.
        const reader = begun.value;
        const ask = (command: string): { text: string | undefined } | { outcome: SandboxOutcome } => {
          const argument = context.newString(command);
          const answer = context.callFunction(reader, context.undefined, argument);
          argument.dispose();
          if (answer.error) {
            const outcome = classify(context, answer.error, steps, limits, output.exceeded());
            answer.error.dispose();
            return { outcome };
          }
          const text = readString(context, answer.value);
          answer.value.dispose();
          return { text };
        };
        try {
          const printed = { value: false };
          const outcome = settle(rt, context, ask, () => steps, limits, output, printed);
          // Only a call that ended cleanly, with nothing left queued, leaves its context to the reply's next call.
          keep = outcome.type === "ok" && !rt.hasPendingJob();
          if (!printed.value) return outcome;
          collecting = true;
          const lines = ask("console");
          const console = "text" in lines && lines.text !== undefined ? readConsole(lines.text) : undefined;
          return console && (console.lines.length > 0 || console.dropped > 0) ? { ...outcome, console } : outcome;
        } finally {
          reader.dispose();
        }
      } finally {
        bridge = () => undefined;
        if (!keep) drop();
      }
    },
    broken: () => broken,
    dispose() {
      drop();
      if (runtime && !broken) {
        try {
          runtime.dispose();
        } catch {
          loading = null;
        }
      }
      runtime = null;
    },
  };
}

type Runtime = ReturnType<QuickJSWASMModule["newRuntime"]>;
type Ask = (command: string) => { text: string | undefined } | { outcome: SandboxOutcome };

/**
 * Runs the call to its end: promise jobs under the same budget, and when none is left while the result is
 * still pending, the earliest timer (timers wait in the call's own virtual time, so waiting costs no
 * thread time and repeats exactly). Ends with the result, a limit, or "unsettled" when nothing is left.
 */
function settle(
  runtime: Runtime,
  context: QuickJSContext,
  ask: Ask,
  steps: () => number,
  limits: SandboxLimits,
  output: ReturnType<typeof bridgeMeter>,
  printed: { value: boolean },
): SandboxOutcome {
  for (;;) {
    while (runtime.hasPendingJob()) {
      const jobs = runtime.executePendingJobs();
      if (jobs.error) {
        const outcome = classify(context, jobs.error, steps(), limits, output.exceeded());
        jobs.error.dispose();
        return outcome;
      }
      const over = output.exceeded();
      if (over !== null) return bridgeOutcome(over);
      if (steps() > limits.cpuSteps) return { type: "cpu" };
    }
    const state = ask("state");
    if ("outcome" in state) return state.outcome;
    // A leading "1" says `console` printed something (only then is it fetched); the rest is the state.
    if (state.text?.startsWith("1")) printed.value = true;
    const text = state.text?.slice(1);
    if (text === "pending") {
      const tick = ask("tick");
      if ("outcome" in tick) return tick.outcome;
      // The runner answers "fired", "none" (no timer left) or "over:<due ms>".
      if (tick.text === "fired") continue;
      if (tick.text?.startsWith("over:")) return { type: "timers", dueMs: Number(tick.text.slice(5)) };
      return { type: "unsettled" };
    }
    const over = output.exceeded() ?? (text?.startsWith("ok:") ? output.chargeResult(text.length - 3) : null);
    if (over !== null) return bridgeOutcome(over);
    if (text === undefined) return { type: "error", message: "macro result could not be read" };
    // The runner answers "ok:<value>", "syntax:<message>" or "err:<message>".
    if (text.startsWith("ok:")) return { type: "ok", value: text.slice(3) };
    if (text.startsWith("syntax:")) return { type: "syntax", message: text.slice(7) };
    const message = text.slice(4);
    return /^out of memory$/i.test(message) ? { type: "memory" } : { type: "error", message };
  }
}

/** The runner's console record, `{"lines":[[level, text]…],"dropped":n}`; anything else reads as nothing. */
function readConsole(json: string): MacroConsole | undefined {
  try {
    const parsed = JSON.parse(json) as { lines?: unknown; dropped?: unknown };
    const levels = new Set<string>(["debug", "info", "warn", "error"]);
    const lines = Array.isArray(parsed.lines)
      ? parsed.lines.flatMap((l: unknown) =>
          Array.isArray(l) && typeof l[1] === "string" && levels.has(String(l[0])) ? [{ level: l[0] as ConsoleLevel, text: l[1] as string }] : [],
        )
      : [];
    // The runner keeps to the bounds; the host holds it to them too.
    let room = CONSOLE_CHARS;
    const kept = lines.slice(0, CONSOLE_LINES).map((l) => {
      const text = l.text.slice(0, Math.max(0, room));
      room -= text.length;
      return { ...l, text };
    });
    return { lines: kept, dropped: typeof parsed.dropped === "number" ? parsed.dropped : 0 };
  } catch {
    return undefined;
  }
}

/** Jobs left behind by a stopped macro (an endless promise chain) must be gone before the runtime is freed. */
const DRAIN_JOBS = 1000;

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
      // User, bot and global variables alike: the name is the second-to-last argument, the value the last.
      if (method !== "setUservar" && method !== "setBotvar" && method !== "setGlobal") return null;
      if (++writes > limits.writes) return refuse("output", `it set more than ${limits.writes} variables (runtime.macros.writes)`);
      const value = args.at(-1) ?? "";
      const name = args.at(-2) ?? "a variable";
      if (value.length > limits.varChars)
        return refuse("variable", `it set ${name} to ${value.length} characters, more than ${limits.varChars} (runtime.macros.varChars)`);
      return addChars(name.length + value.length);
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

/**
 * The timer functions, compiled inside the sandbox for a body that names one (`p` is the runner's private
 * state). They wait in the call's virtual time: `tick` fires the earliest once nothing else is left to run,
 * and moves the call's clock on; a timer due past the budget ends the call (RUN029).
 */
const TIMERS = String.raw`var timers = [], nextId = 1, order = 0, floor = Math.floor, toNumber = Number;
var apply = Function.prototype.call.bind(Function.prototype.apply), resolved = Promise.resolve.bind(Promise);
var add = function (fn, delay, rest, every) {
  if (typeof fn !== "function") throw new TypeError("The \"callback\" argument must be of type function");
  var ms = floor(toNumber(delay));
  if (!(ms >= 1 && ms <= 2147483647)) ms = 1;
  timers[timers.length] = { id: nextId, due: p.elapsed + ms, fn: fn, rest: rest, every: every ? ms : 0, order: order++ };
  return nextId++;
};
var clear = function (id) {
  for (var i = 0; i < timers.length; i++) if (timers[i].id === id) { timers[i] = timers[timers.length - 1]; timers.length--; return; }
};
var rest = function (list, from) { var out = []; for (var i = from; i < list.length; i++) out[out.length] = list[i]; return out; };
p.tick = function () {
  if (timers.length === 0) return "none";
  var at = 0;
  for (var i = 1; i < timers.length; i++) if (timers[i].due < timers[at].due || (timers[i].due === timers[at].due && timers[i].order < timers[at].order)) at = i;
  var timer = timers[at];
  if (timer.due > p.budget) return "over:" + timer.due;
  p.elapsed = timer.due;
  if (timer.every > 0) { timer.due += timer.every; timer.order = order++; } else clear(timer.id);
  try { apply(timer.fn, undefined, timer.rest); } catch (e) { p.fail(e); }
  return "fired";
};
p.date();
var cancel = function (id) { clear(id); };
return {
  setTimeout: function (fn, delay) { return add(fn, delay, rest(arguments, 2), false); },
  setInterval: function (fn, delay) { return add(fn, delay, rest(arguments, 2), true); },
  setImmediate: function (fn) { return add(fn, 0, rest(arguments, 1), false); },
  clearTimeout: cancel, clearInterval: cancel, clearImmediate: cancel,
  queueMicrotask: function (fn) { if (typeof fn !== "function") throw new TypeError("queueMicrotask needs a function"); p.then(resolved(), function () { fn(); }); }
};`;

/** `Date` on the call's clock: the host's (when it injects one) or the call's start, plus what its timers waited. */
const DATE = String.raw`var RealDate = p.RealDate, start = typeof p.start === "number" ? p.start : RealDate.now();
var now = function () { return start + p.elapsed; };
globalThis.Date = class Date extends RealDate {
  constructor(...parts) { if (parts.length === 0) super(now()); else super(...parts); }
  static now() { return now(); }
};`;

/** `console`, compiled inside the sandbox for a body that names it: lines kept up to the bounds, the rest counted. */
const CONSOLE = String.raw`var lines = p.lines, slice = Function.prototype.call.bind(String.prototype.slice);
var show = function (v) {
  if (typeof v === "string") return v;
  if (v instanceof Error) { try { return p.S(v.name) + ": " + p.S(v.message); } catch (e) { return "Error"; } }
  try { var j = p.stringify(v); if (j !== undefined) return j; } catch (e) {}
  try { return p.S(v); } catch (e) { return "[value]"; }
};
var printer = function (level) {
  return function () {
    var text = "";
    for (var i = 0; i < arguments.length; i++) text += (i > 0 ? " " : "") + show(arguments[i]);
    var room = ${CONSOLE_CHARS} - p.kept;
    if (lines.length >= ${CONSOLE_LINES} || room <= 0) { p.dropped += text.length; return; }
    if (text.length > room) { p.dropped += text.length - room; text = slice(text, 0, room); }
    p.kept += text.length;
    lines[lines.length] = [level, text];
  };
};
return { console: p.freeze({ log: printer("info"), info: printer("info"), debug: printer("debug"), trace: printer("debug"), warn: printer("warn"), error: printer("error") }) };`;

/** A body that names one of these gets the timer functions (a computed name, `globalThis["set" + "Timeout"]`, does not). */
const NAMES_TIMERS = /\b(?:setTimeout|setInterval|setImmediate|clearTimeout|clearInterval|clearImmediate|queueMicrotask)\b/u;
const NAMES_CONSOLE = /\bconsole\b/u;

/**
 * Runs inside the sandbox, once per context (one reply). Takes the host function off the global object
 * and every built-in it relies on, and returns `start(code, argsJson, budget, timers, console)`, which runs
 * one call: it builds a frozen `rs` (the rivescript macro API; strings cross; a method that would change
 * the brain throws its stated refusal), compiles the body as an async function body (as rivescript 2.x
 * does, so `await` works; each body once per context), calls it, and turns the result into a string here
 * (so `toString`, `Symbol.toPrimitive` and getters run under the limits). The timer functions and
 * `console` are installed only for a body that names them, and a call's own are removed before the next
 * call. `start` answers the call's controller: "state" reads the result (after "1" when `console` printed,
 * else "0"), "tick" fires the earliest timer, "console" hands over what was printed. What it uses after a
 * macro starts was taken before, so a macro that replaces a built-in changes nothing here.
 */
const RUNNER = String.raw`"use strict";
(function () {
  var G = globalThis, host = G.__host;
  delete G.__host;
  var S = String, stringify = JSON.stringify, parse = JSON.parse, freeze = Object.freeze, keys = Object.keys, create = Object.create;
  var MakeFunction = Function, RealProxy = Proxy, RealDate = Date, realRandom = Math.random, M = Math;
  var AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
  var bind = Function.prototype.call.bind(Function.prototype.bind), invoke = Function.prototype.call;
  var fnText = bind(invoke, Function.prototype.toString), then = bind(invoke, Promise.prototype.then);
  var indexOf = bind(invoke, String.prototype.indexOf), slice = bind(invoke, String.prototype.slice), split = bind(invoke, String.prototype.split);
  var call = function (name, list) { return host(name, stringify(list)); };
  var undef = function (v) { return v === undefined ? "undefined" : v; };
  var reason = function (e) {
    try { return S(e !== null && typeof e === "object" && "message" in e ? e.message : e); } catch (inner) { return "macro threw a value that cannot be shown"; }
  };
  var makers = create(null), installed = [], compiled = create(null);
  var maker = function (name, source) { return makers[name] || (makers[name] = MakeFunction("p", source)); };
  // rs is built on first use of each method, from a table: a macro uses two or three of the methods.
  var table = "|currentUser currentUser 0 0|getUservar getUservar 2 1|setUservar setUservar 3 0|getVariable getBotvar 1 1|setVariable setBotvar 2 0" +
    "|getBotvar getBotvar 1 0|getGlobal getGlobal 1 1|setGlobal setGlobal 2 0|";
  var refusals = [
    "|reply|", "a macro cannot start another reply; redirect with {@ …} in the reply instead",
    "|lastMatch|initialMatch|lastTriggers|", "the matched trigger is not kept in the session",
    "|freezeUservars|thawUservars|clearUservars|", "sessions are saved by the runtime",
    "|getUserTopicTriggers|stream|loadFile|loadDirectory|sortReplies|setSubroutine|setHandler|setSubstitution|setPerson|deparse|stringify|write|",
    "a macro cannot change the bot's brain; edit the .bot files"
  ];
  var make = function (name) {
    var at = indexOf(table, "|" + name + " ");
    if (at >= 0) {
      var row = split(slice(table, at + 1, indexOf(table, "|", at + 1)), " "), hostName = row[1], arity = +row[2], unset = row[3] === "1";
      return function () {
        var list = [];
        for (var i = 0; i < arity; i++) list[i] = S(arguments[i]);
        var value = call(hostName, list);
        return unset ? undef(value) : value;
      };
    }
    if (name === "getUservars")
      return function (user) { var all = call("getUservars", [S(user === undefined ? call("currentUser", []) : user)]); return typeof all === "string" ? parse(all) : {}; };
    if (name === "setUservars")
      return function (user, data) { var names = keys(Object(data)); for (var i = 0; i < names.length; i++) call("setUservar", [S(user), S(names[i]), S(data[names[i]])]); };
    if (name === "Promise") return Promise;
    for (var k = 0; k < refusals.length; k += 2)
      if (indexOf(refusals[k], "|" + name + "|") >= 0) {
        var why = refusals[k + 1];
        return function () { throw new Error("rs." + name + " is not available in a macro here: " + why); };
      }
    return undefined;
  };
  var made = create(null);
  var rs = new RealProxy(freeze({}), {
    get: function (target, name) {
      if (typeof name !== "string") return undefined;
      if (!(name in made)) made[name] = make(name);
      return made[name];
    },
    set: function () { return false; }
  });
  // A body that closes the function and opens another (\`}); …; (async function () {\`) yields a different function.
  var entryOf = function (key, value) { var entry = create(null); entry[key] = value; return entry; };
  var compile = function (code) {
    var known = compiled[code];
    if (known) return known;
    var entry;
    try {
      var fn = new AsyncFunction("rs", "args", code);
      entry = fnText(fn) !== "async function anonymous(rs,args\n) {\n" + code + "\n}" ? entryOf("error", "the body closes its function early") : entryOf("fn", fn);
    } catch (e) {
      entry = entryOf("error", reason(e));
    }
    return (compiled[code] = entry);
  };

  return function start(code, argsJson, budget, timersSource, consoleSource, begin, hasRandom) {
    var state = "pending";
    var finish = function (v) { if (state !== "pending") return; try { state = "ok:" + (v === undefined || v === null ? "" : S(v)); } catch (e) { state = "err:" + reason(e); } };
    var fail = function (e) { if (state === "pending") state = "err:" + reason(e); };
    var p = { S: S, stringify: stringify, freeze: freeze, fail: fail, then: then, elapsed: 0, budget: budget, tick: null, lines: [], kept: 0, dropped: 0, RealDate: RealDate };
    // What an earlier call of this reply installed is its own: timers and console that wrote to its state.
    for (var r = 0; r < installed.length; r++) delete G[installed[r]];
    installed = [];
    G.Date = RealDate;
    var dated = false;
    p.date = function () {
      if (dated) return;
      dated = true;
      maker("date", ${JSON.stringify(DATE)})(p);
    };
    p.start = begin;
    if (typeof begin === "number") p.date();
    M.random = hasRandom === 1 ? function () { return call("random", []); } : realRandom;
    var install = function (name, source) {
      var them = maker(name, source)(p), names = keys(them);
      for (var i = 0; i < names.length; i++) { G[names[i]] = them[names[i]]; installed[installed.length] = names[i]; }
    };
    if (typeof timersSource === "string") install("timers", timersSource);
    if (typeof consoleSource === "string") install("console", consoleSource);
    var control = function (command) {
      if (command === "tick") return p.tick === null ? "none" : p.tick();
      if (command === "console") return stringify({ lines: p.lines, dropped: p.dropped });
      return (p.lines.length > 0 || p.dropped > 0 ? "1" : "0") + state;
    };
    var macro = compile(code);
    if (macro.error !== undefined) {
      state = "syntax:" + macro.error;
      return control;
    }
    try {
      then(macro.fn(rs, parse(argsJson)), finish, fail);
    } catch (e) { fail(e); }
    return control;
  };
})();`;
