/** @module Benchmark baseline only: the earlier `node:vm` macro host (no security boundary; see docs/security.md), kept so `npm run bench:macros` prints both engines in one run. */
import vm from "node:vm";
import type { ObjectMacroIR } from "../../compiler/ir/types.ts";
import type { Clock, MacroApi, MacroHost, Random } from "../../engine/types.ts";
import type { AdapterLogger } from "../../runtime/adapters/fetcher.ts";

/** A macro written in TypeScript by the application that embeds the runtime. */
export type HostMacro = (rs: MacroApi, args: string[]) => string | Promise<string>;

export interface MacroHostOptions {
  /** CPU limit for one call of a JavaScript macro (and the wait for a registered one). */
  timeoutMs?: number;
  logger?: AdapterLogger;
  /** When given, `Date` inside macros reads this clock (the local runtime's virtual time) … */
  clock?: Clock;
  /** … and `Math.random` this source, so transcripts with macros repeat exactly. */
  random?: Random;
}

export type LocalMacroHost = MacroHost & {
  register(name: string, fn: HostMacro): void;
  /** Names callable right now (object macros in JavaScript plus registered ones). */
  names(): string[];
};

/** Thrown (as a rejection) when a macro runs past its limit; the engine renders `[ERR: macro timeout]`. */
export const MACRO_TIMEOUT = "macro timeout";

/**
 * Runs the bot's `> object NAME javascript` macros. Each call gets a new context built on a
 * null-prototype global with code generation from strings disabled, so the body sees no `process`,
 * `require` or host objects, and cannot climb to the host's `Function` through a prototype chain.
 * The `rs` API and `args` are built inside the context and only pass strings across.
 * This isolates a bot's code from the host; it is not a sandbox for hostile code (see docs/chat.md).
 */
/** What a `<call>` of a macro the bot does not have (or could not load, such as a `perl` object) says. */
export const OBJECT_NOT_FOUND = "Object Not Found";

export function createMacroHost(objects: Record<string, ObjectMacroIR>, { timeoutMs = 50, logger, clock, random }: MacroHostOptions = {}): LocalMacroHost {
  const scripts = new Map<string, vm.Script>();
  const broken = new Map<string, string>();
  for (const object of Object.values(objects)) {
    if (object.language.toLowerCase() !== "javascript") {
      broken.set(object.name, `macro language "${object.language}" is not supported`);
      continue;
    }
    try {
      // The body is a function body, as in rivescript-js: `(rs, args)` in, a string out.
      scripts.set(object.name, new vm.Script(`(function (rs, args) {\n${object.code}\n})`, { filename: `object ${object.name}` }));
    } catch (error) {
      // A syntax error must not stop the bot from loading: the macro answers `[ERR: …]` instead.
      broken.set(object.name, `syntax error in macro: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const registered = new Map<string, HostMacro>();

  return {
    register(name, fn) {
      registered.set(name, fn);
    },
    names() {
      return [...new Set([...scripts.keys(), ...registered.keys()])].sort();
    },
    async call(name, args, api) {
      const host = registered.get(name);
      if (host)
        return withTimeout(
          Promise.resolve().then(() => host(api, [...args])),
          timeoutMs,
        );
      const script = scripts.get(name);
      // Worded as rivescript words it, so a call of a missing macro renders `[ERR: Object Not Found]` in both.
      if (!script) throw new Error(broken.get(name) ?? OBJECT_NOT_FOUND);
      try {
        return runScript(script, args, bridge(api, clock, random), timeoutMs);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        logger?.warn({ macro: name, error: message }, `macro ${name} failed: ${message}`);
        throw error;
      }
    },
  };
}

/**
 * Strict on purpose: a sloppy macro reading `rs.currentUser.caller` gets null from a strict caller,
 * so it cannot reach this function's scope. The host values are taken off the global object before
 * the macro runs, so only the in-context `rs` and `args` are left for it to see.
 */
const RUNNER = new vm.Script(
  `"use strict";
(function () {
  var macro = globalThis.__macro, bridge = globalThis.__bridge, argsJson = globalThis.__args;
  delete globalThis.__macro; delete globalThis.__bridge; delete globalThis.__args;
  var now = bridge("now", []);
  if (typeof now === "number") {
    var RealDate = Date;
    var VirtualDate = class Date extends RealDate {
      constructor() { if (arguments.length === 0) super(now); else super(...arguments); }
      static now() { return now; }
    };
    globalThis.Date = VirtualDate;
  }
  if (bridge("hasRandom", []) === 1) Math.random = function () { return bridge("random", []); };
  var rs = Object.freeze({
    currentUser: function () { return bridge("currentUser", []); },
    getUservar: function (user, name) { return bridge("getUservar", [String(user), String(name)]); },
    setUservar: function (user, name, value) { bridge("setUservar", [String(user), String(name), String(value)]); },
    getBotvar: function (name) { return bridge("getBotvar", [String(name)]); }
  });
  var out = { done: false, value: "", error: null };
  var fail = function (e) { out.done = true; out.error = String(e && e.message !== undefined ? e.message : e); };
  var finish = function (v) { out.done = true; out.value = v === undefined || v === null ? "" : String(v); };
  try {
    var result = macro(rs, JSON.parse(argsJson));
    if (result && typeof result.then === "function") result.then(finish, fail); else finish(result);
  } catch (e) { fail(e); }
  return out;
})()`,
  { filename: "macro-runner" },
);

function runScript(script: vm.Script, args: string[], host: Bridge, timeoutMs: number): string {
  const context = vm.createContext(Object.create(null), {
    codeGeneration: { strings: false, wasm: false },
    // Promise jobs run inside the timed evaluation, so an async macro is settled (or stuck) when it returns.
    microtaskMode: "afterEvaluate",
  });
  let outcome: Outcome;
  try {
    context.__macro = script.runInContext(context, { timeout: timeoutMs });
    context.__bridge = host;
    context.__args = JSON.stringify(args);
    outcome = RUNNER.runInContext(context, { timeout: timeoutMs }) as Outcome;
  } catch (error) {
    if (isTimeout(error)) throw new Error(MACRO_TIMEOUT, { cause: error });
    throw new Error(error instanceof Error ? error.message : String(error), { cause: error });
  }
  if (!outcome.done) throw new Error(MACRO_TIMEOUT);
  if (outcome.error !== null) throw new Error(String(outcome.error));
  return String(outcome.value);
}

type Bridge = (method: string, args: string[]) => string | number | undefined;
interface Outcome {
  done: boolean;
  value: string;
  error: string | null;
}

/** Only primitives cross back into the context: a host object there would lead to the host's globals. */
function bridge(api: MacroApi, clock: Clock | undefined, random: Random | undefined): Bridge {
  return (method, args) => {
    try {
      switch (method) {
        case "currentUser":
          return String(api.currentUser());
        case "getUservar":
          return optionalString(api.getUservar(String(args[0]), String(args[1])));
        case "setUservar":
          api.setUservar(String(args[0]), String(args[1]), String(args[2]));
          return undefined;
        case "getBotvar":
          return optionalString(api.getBotvar(String(args[0])));
        case "now":
          return clock ? Number(clock.now()) : undefined;
        case "hasRandom":
          return random ? 1 : undefined;
        case "random":
          return random ? Number(random()) : undefined;
        default:
          return undefined;
      }
    } catch {
      return undefined;
    }
  };
}

const optionalString = (value: string | undefined) => (value === undefined ? undefined : String(value));

function isTimeout(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "ERR_SCRIPT_EXECUTION_TIMEOUT";
}

async function withTimeout(promise: Promise<string>, ms: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(MACRO_TIMEOUT)), ms);
  });
  try {
    return String(await Promise.race([promise, timeout]));
  } finally {
    clearTimeout(timer);
  }
}
