/** @module Object macros (`<call>`): JavaScript bodies run in the QuickJS sandbox in a worker thread (own heap, memory, CPU, output and wall-clock limits); TypeScript ones registered by the host. */
import type { ObjectMacroIR } from "../../compiler/ir/types.ts";
import type { Clock, MacroApi, MacroHost, Random } from "../../engine/types.ts";
import type { AdapterLogger } from "./fetcher.ts";
import { macroPool } from "./macro-pool.ts";
import type { MacroPool, PoolOutcome } from "./macro-pool.ts";
import { CONSOLE_CHARS, CONSOLE_LINES, DEFAULT_LIMITS, createWarmSandbox, loadSandbox } from "./sandbox.ts";
import type { HostBridge, MacroConsole, SandboxLimits, WarmSandbox } from "./sandbox.ts";

/** The limits of one JavaScript macro call (`runtime.macros` in bot.config.yaml). */
export type MacroLimits = SandboxLimits & {
  /** Wall-clock time of one call, whatever it runs (native built-ins included); past it its worker is terminated. */
  deadlineMs: number;
};

export const DEFAULT_MACRO_LIMITS: MacroLimits = { ...DEFAULT_LIMITS, deadlineMs: 1000 };

/** A macro written in TypeScript by the application that embeds the runtime. */
export type HostMacro = (rs: MacroApi, args: string[]) => string | Promise<string>;

export interface MacroHostOptions {
  /** Wall-clock wait for a registered TypeScript macro (JavaScript macros have `limits` instead). */
  timeoutMs?: number;
  /** Memory, engine work, stack, output and deadline of one JavaScript macro call (`runtime.macros` in bot.config.yaml). */
  limits?: Partial<MacroLimits>;
  /**
   * `worker` (the default): in a worker thread, off the event loop, with the wall-clock deadline.
   * `inline`: on this thread, without a deadline; only `npm run bench:macros` uses it, as the old path's baseline.
   */
  isolation?: "worker" | "inline";
  /** The worker pool (default: the process's shared one). */
  pool?: MacroPool;
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

/** What a `<call>` of a macro the bot does not have (or could not load, such as a `perl` object) says. */
export const OBJECT_NOT_FOUND = "Object Not Found";

/** A registered macro that did not settle in time; the engine renders `[ERR: macro timeout]`. */
export const MACRO_TIMEOUT = "macro timeout";
/** A JavaScript macro that used up its engine-work budget (`runtime.macros.cpuSteps`). */
export const MACRO_CPU_LIMIT = "macro CPU limit";
/** A JavaScript macro that used up its heap (`runtime.macros.memoryMb`). */
export const MACRO_MEMORY_LIMIT = "macro memory limit";
/** A JavaScript macro that handed the host too much (`runtime.macros.outputChars`, `hostCalls`, `writes`): RUN021. */
export const MACRO_OUTPUT_LIMIT = "macro output limit";
/** A JavaScript macro that set one variable past `runtime.macros.varChars`: RUN022. */
export const MACRO_VARIABLE_LIMIT = "macro variable too large";
/** A JavaScript macro still running at its wall-clock deadline (`runtime.macros.deadlineMs`): RUN023; or waiting for a timer past it: RUN029. */
export const MACRO_DEADLINE = "macro deadline";
/** A JavaScript macro whose promise nothing can settle any more (no promise job, no timer): RUN026. */
export const MACRO_UNSETTLED = "macro never settled";
/** rivescript's text for a macro that throws (or rejects): `[ERR: Error raised by object macro: MESSAGE]`. */
export const MACRO_RAISED = "Error raised by object macro";

/** Reply numbers, one per reply (`MacroApi.reply`) across every host of the process: a worker's context never serves two. */
const replyNumbers = new WeakMap<object, number>();
let lastReply = 0;
function replyNumber(token: object | undefined): number {
  // A host that passes no token gets a fresh context for every call.
  if (token === undefined) return ++lastReply;
  let number = replyNumbers.get(token);
  if (number === undefined) replyNumbers.set(token, (number = ++lastReply));
  return number;
}

/**
 * Runs the bot's `> object NAME javascript` macros in QuickJS, in a runtime kept warm per worker thread
 * with a fresh context for each reply: no `process`, `require`, file system, network or host objects
 * exist there, nothing a reply's macros wrote (globals, prototypes, variables) survives into the next
 * reply or reaches another user, and only strings and numbers cross the boundary. A macro that loops, recurses or allocates
 * without end is stopped by its limits and renders `[ERR: …]`; the server goes on.
 */
export function createMacroHost(
  objects: Record<string, ObjectMacroIR>,
  { timeoutMs = 50, limits, logger, clock, random, isolation = "worker", pool }: MacroHostOptions = {},
): LocalMacroHost {
  const { deadlineMs, ...bounds }: MacroLimits = { ...DEFAULT_MACRO_LIMITS, ...limits };
  const sources = new Map<string, string>();
  const broken = new Map<string, string>();
  for (const object of Object.values(objects)) {
    if (object.language.toLowerCase() !== "javascript") broken.set(object.name, `macro language "${object.language}" is not supported`);
    else sources.set(object.name, object.code);
  }
  const registered = new Map<string, HostMacro>();
  const workers = isolation === "worker" ? (pool ?? macroPool()) : null;
  // The bot has JavaScript macros: start a worker now, so the first message does not wait for one.
  if (workers && sources.size > 0) workers.warm();

  // The inline path (the bench's baseline) keeps its own warm sandbox on this thread.
  let inline: WarmSandbox | null = null;

  async function runJavaScript(code: string, args: string[], api: MacroApi): Promise<PoolOutcome> {
    const reply = replyNumber(api.reply);
    // Timers wait in the call's virtual time; together they may wait as long as the call's deadline.
    if (workers === null) {
      if (inline === null || inline.broken()) inline = createWarmSandbox(await loadSandbox());
      return inline.run({ reply, code, args, bridge: bridge(api, clock, random), limits: bounds, budgetMs: deadlineMs });
    }
    const job = {
      reply,
      code,
      args: [...args],
      limits: bounds,
      budgetMs: deadlineMs,
      user: String(api.currentUser()),
      now: clock ? Number(clock.now()) : undefined,
      hasRandom: random !== undefined,
    };
    return workers.run(job, bridge(api, clock, random), deadlineMs);
  }

  return {
    register(name, fn) {
      registered.set(name, fn);
    },
    names() {
      return [...new Set([...sources.keys(), ...registered.keys()])].sort();
    },
    async call(name, args, api) {
      const host = registered.get(name);
      if (host)
        return withTimeout(
          Promise.resolve().then(() => host(api, [...args])),
          timeoutMs,
        );
      const code = sources.get(name);
      // Worded as rivescript words it, so a call of a missing macro renders `[ERR: Object Not Found]` in both.
      if (code === undefined) throw new Error(broken.get(name) ?? OBJECT_NOT_FOUND);
      const outcome = await runJavaScript(code, args, api);
      if ("console" in outcome && outcome.console) printConsole(logger, name, outcome.console);
      switch (outcome.type) {
        case "ok":
          return outcome.value;
        case "error":
          return fail(logger, name, `${MACRO_RAISED}: ${outcome.message}`);
        case "syntax":
          // rivescript does not load a macro that does not compile, so its calls read as a missing object.
          logger?.warn(
            { macro: name, error: outcome.message, code: "RUN028" },
            `RUN028 macro ${name} does not compile: ${outcome.message}; its calls render [ERR: ${OBJECT_NOT_FOUND}] until its > object block is fixed`,
          );
          throw new Error(OBJECT_NOT_FOUND);
        case "unsettled":
          return fail(logger, name, MACRO_UNSETTLED, "its promise is still pending and no promise job or timer is left that could settle it", "RUN026");
        case "timers":
          return fail(
            logger,
            name,
            MACRO_DEADLINE,
            `it waits for a timer due at ${outcome.dueMs} ms, past its time budget of ${deadlineMs} ms (runtime.macros.deadlineMs)`,
            "RUN029",
          );
        case "cpu":
          return fail(logger, name, MACRO_CPU_LIMIT, `it used more than ${bounds.cpuSteps} steps of engine work (runtime.macros.cpuSteps)`);
        case "memory":
          return fail(logger, name, MACRO_MEMORY_LIMIT, `it needed more than ${Math.round(bounds.memoryBytes / 1024 / 1024)} MB (runtime.macros.memoryMb)`);
        case "bridge":
          return outcome.limit === "variable"
            ? fail(logger, name, MACRO_VARIABLE_LIMIT, `${outcome.detail}; the variable is unchanged`, "RUN022")
            : fail(logger, name, MACRO_OUTPUT_LIMIT, `${outcome.detail}; writes past the limit were dropped`, "RUN021");
        case "deadline":
          return fail(
            logger,
            name,
            MACRO_DEADLINE,
            `it was still running after ${deadlineMs} ms (runtime.macros.deadlineMs), so its worker thread was stopped`,
            "RUN023",
          );
        case "crashed":
          return fail(logger, name, outcome.message);
        default: {
          const _exhaustive: never = outcome;
          throw new Error(`unknown sandbox outcome ${JSON.stringify(_exhaustive)}`);
        }
      }
    },
  };
}

/** The macro's `console.*` lines, as log lines with its name at their level; a note says what the bound dropped. */
function printConsole(logger: AdapterLogger | undefined, name: string, printed: MacroConsole): void {
  if (!logger) return;
  for (const line of printed.lines) {
    const fields = { macro: name, console: line.level };
    const message = `macro ${name}: ${line.text}`;
    if (line.level === "warn" || line.level === "error") logger.warn(fields, message);
    else (logger.info ?? logger.warn).call(logger, fields, message);
  }
  if (printed.dropped > 0)
    logger.warn(
      { macro: name, code: "RUN027", dropped: printed.dropped },
      `RUN027 console output of macro ${name} was cut at ${CONSOLE_CHARS} characters in ${CONSOLE_LINES} lines; ${printed.dropped} more characters were not logged`,
    );
}

function fail(logger: AdapterLogger | undefined, name: string, message: string, why?: string, code?: string): never {
  logger?.warn({ macro: name, error: message, ...(code && { code }) }, `${code ? `${code} ` : ""}macro ${name} failed: ${message}${why ? `: ${why}` : ""}`);
  throw new Error(message);
}

/** Only strings and numbers cross into the sandbox: a host object there would lead to the host's globals. */
function bridge(api: MacroApi, clock: Clock | undefined, random: Random | undefined): HostBridge {
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
        case "getUservars":
          return JSON.stringify(api.getUservars?.(String(args[0])) ?? {});
        case "setBotvar":
          api.setBotvar?.(String(args[0]), String(args[1]));
          return undefined;
        case "getGlobal":
          return optionalString(api.getGlobal?.(String(args[0])));
        case "setGlobal":
          api.setGlobal?.(String(args[0]), String(args[1]));
          return undefined;
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
