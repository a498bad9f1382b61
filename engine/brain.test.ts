/** @module loadBrain keeps no reference to the IR: nothing reachable from the brain is an IR object or a span, and a brain answers the same after its IR is wrecked. */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readBotSources } from "../bin/load-bot.ts";
import { compile } from "../compiler/index.ts";
import type { BotIR } from "../compiler/ir/types.ts";
import { loadBrain, newBotState, newSession, respond } from "./index.ts";
import type { EngineEnv, StepResult } from "./types.ts";

const SOURCE = `
! var name = Tester
! array colors = red blue|light green
! sub u = you

+ hello [there]
- Hi from <bot name>!
- Hello, I am <bot name>.

+ my name is *
- <set name=<formal><star></formal>>Nice to meet you, <get name>.

+ i like (@colors)
* <star> == red => {random}Red!|Really red?{/random}
- <star> is fine.

+ weather in *
$ GET https://api.example.test/w?city=<star>
- It is \${{temp}} in <star>. ^link(https://example.test/<star>, "Details")

+ remind me
- Sure. ^reminder(nap, "Wake up <get name>", 1700000060000) ^buttons(Yes, No)

+ shout *
- {uppercase}<star>{/uppercase}<send>^image(https://example.test/a.png)

+ where am i
- In <get _fromCountry>.

+ go home
@ hello

+ what did u say
% nice to meet you *
- I said hello to <botstar>.

+ *
- Sorry, I did not get that.
`;

const INPUTS = [
  "hello",
  "my name is ann",
  "what did you say",
  "i like red",
  "i like light green",
  "weather in paris",
  "remind me",
  "shout hey",
  "where am i",
  "go home",
  "???",
];

function env(): EngineEnv {
  let seed = 7;
  return {
    clock: { now: () => 1_700_000_000_000 },
    random: () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646,
    fetcher: async (request) => ({ status: 200, text: JSON.stringify({ temp: request.url.length }) }),
    macros: { call: async () => "" },
  };
}

async function converse(brain: ReturnType<typeof loadBrain>, initial: BotIR, inputs: readonly string[]): Promise<StepResult[]> {
  const e = env();
  let state = { session: newSession("+15550001111", 0), bot: newBotState(initial) };
  const results: StepResult[] = [];
  for (const body of inputs) {
    const result = await respond(brain, state, { from: "+15550001111", body, media: [] }, e);
    state = { session: result.session, bot: result.bot };
    results.push(result);
  }
  return results;
}

/** Every object and array in the IR; spans are collected apart as well. */
function irObjects(ir: BotIR): { all: Set<object>; spans: Set<object> } {
  const all = new Set<object>();
  const spans = new Set<object>();
  const walk = (value: unknown, key: string | null): void => {
    if (value === null || typeof value !== "object" || all.has(value)) return;
    all.add(value);
    if (key === "span") spans.add(value);
    for (const [k, v] of Object.entries(value)) walk(v, Array.isArray(value) ? null : k);
  };
  walk(ir, null);
  return { all, spans };
}

/** Objects reachable from the brain (through Maps and Sets too), with the property names they hang under. */
function reachable(root: unknown): { objects: Set<object>; keys: Set<string> } {
  const objects = new Set<object>();
  const keys = new Set<string>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== "object" || objects.has(value) || ArrayBuffer.isView(value)) continue;
    objects.add(value);
    if (value instanceof Map) for (const [k, v] of value) stack.push(k, v);
    else if (value instanceof Set) for (const v of value) stack.push(v);
    else
      for (const [k, v] of Object.entries(value)) {
        if (!Array.isArray(value)) keys.add(k);
        stack.push(v);
      }
  }
  return { objects, keys };
}

/**
 * Empties, in place, every object and array of the IR that holds a span anywhere below it: the IR itself,
 * its topics, triggers, patterns and replies. What is left is what the brain may share (span-free leaves such
 * as pattern parts and plain text parts), so a brain still reading anything else would fail or differ.
 * Returns whether `value` held a span.
 */
function wreck(value: unknown, key: string | null = null): boolean {
  if (value === null || typeof value !== "object") return false;
  let spans = key === "span";
  for (const [k, child] of Object.entries(value)) spans = wreck(child, Array.isArray(value) ? null : k) || spans;
  if (!spans) return false;
  if (Array.isArray(value)) value.length = 0;
  else for (const k of Object.keys(value)) delete (value as Record<string, unknown>)[k];
  return true;
}

function compiled(sources: { path: string; text: string }[]): BotIR {
  const { ir, diagnostics } = compile(sources);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return ir;
}

describe("loadBrain", () => {
  it("reaches no span and no IR object other than span-free leaves it shares", () => {
    const ir = compiled([{ path: "test.bot", text: SOURCE }]);
    const { all, spans } = irObjects(ir);
    const { objects, keys } = reachable(loadBrain(ir));
    expect(keys.has("span")).toBe(false);
    const shared = [...objects].filter((o) => all.has(o));
    expect(shared.filter((o) => spans.has(o))).toEqual([]);
    // What it may share: pattern parts, plain text parts and the lists holding only those, arrays and variables.
    for (const o of shared) expect(o === ir.arrays || o === ir.vars || o === ir.globals || !Object.keys(o).includes("span")).toBe(true);
    expect(shared).not.toContain(ir);
    for (const trigger of ir.triggers) {
      expect(shared).not.toContain(trigger);
      expect(shared).not.toContain(trigger.reply);
      expect(shared).not.toContain(trigger.pattern);
    }
  });

  it("answers exactly as before once the IR it was loaded from is wrecked", async () => {
    const ir = compiled([{ path: "test.bot", text: SOURCE }]);
    const expected = await converse(loadBrain(ir), ir, INPUTS);
    const copy = structuredClone(ir);
    const brain = loadBrain(copy);
    wreck(copy);
    expect(Object.keys(copy)).toEqual([]);
    expect(await converse(brain, ir, INPUTS)).toEqual(expected);
    expect(expected.filter((r) => r.matched).length).toBeGreaterThan(8);
  });

  it("answers the example bots' own triggers the same after their IR is wrecked", async () => {
    const root = new URL("../examples/", import.meta.url).pathname;
    for (const name of readdirSync(root)) {
      // The loader's own reading of the folder: a sandbox run leaves a `.bot/` database folder beside the sources.
      const ir = compiled(readBotSources(join(root, name)).sources);
      const inputs = ir.triggers.map((t) => t.text.replace(/[*#_]/g, "7").replace(/[[\]()|@]/g, " "));
      const expected = await converse(loadBrain(ir), ir, inputs);
      const copy = structuredClone(ir);
      const brain = loadBrain(copy);
      wreck(copy);
      expect(await converse(brain, ir, inputs), name).toEqual(expected);
    }
  });

  it("starts bot variables from the brain as from the IR", () => {
    const ir = compiled([{ path: "test.bot", text: SOURCE }]);
    expect(newBotState(loadBrain(ir))).toEqual(newBotState(ir));
  });
});
