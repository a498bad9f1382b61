/**
 * @module The bot a process runs right now, swappable while it runs: the IR, its loaded brain, its engine I/O
 * and the published version it is (null: not a published version). A step takes `current()` once when it starts
 * and finishes on it, so a swap never changes a step in progress; the next step uses the new one.
 */
import type { BotIR } from "../../compiler/ir/types.ts";
import { loadBrain } from "../../engine/index.ts";
import type { Brain } from "../../engine/index.ts";
import type { EngineEnv } from "../../engine/types.ts";

export interface LiveBot {
  readonly ir: BotIR;
  readonly brain: Brain;
  readonly env: EngineEnv;
  readonly version: number | null;
}

export interface BotHolder {
  current(): LiveBot;
  /** Loads `ir` (its brain and engine I/O) and makes it current; throws, keeping the current one, when it cannot be loaded. */
  swap(ir: BotIR, version: number | null): LiveBot;
  /** Counts a user moved to `default` because the current version lacks their topic; returns the count so far. */
  movedToDefault(): number;
  /** How many users were moved to `default` so far. */
  readonly moves: number;
  /** Wraps every engine I/O this holder builds, the current one's included (the server counts `$` calls and macros). */
  wrapEnv(wrap: (env: EngineEnv) => EngineEnv): void;
}

/** `envFor` builds the engine I/O for an IR (its macros are the IR's own). */
export function createBotHolder(ir: BotIR, version: number | null, envFor: (ir: BotIR) => EngineEnv): BotHolder {
  let wrapper = (env: EngineEnv) => env;
  let base = envFor(ir);
  const load = (next: BotIR, number: number | null, env: EngineEnv): LiveBot => ({ ir: next, brain: loadBrain(next), env: wrapper(env), version: number });
  let live = load(ir, version, base);
  let moves = 0;
  return {
    current: () => live,
    swap(next, number) {
      const env = envFor(next);
      live = load(next, number, env);
      base = env;
      return live;
    },
    wrapEnv(wrap) {
      wrapper = wrap;
      live = { ...live, env: wrap(base) };
    },
    movedToDefault: () => ++moves,
    get moves() {
      return moves;
    },
  };
}

/** A holder over one IR that never changes (library callers and tests that pass `ir` alone). */
export function fixedBot(ir: BotIR, env: EngineEnv): BotHolder {
  return createBotHolder(ir, null, () => env);
}
