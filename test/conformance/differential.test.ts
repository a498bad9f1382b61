/** @module Differential tests: generated scripts and inputs answered by our engine and by rivescript 2.2.1 must agree. */
import { createRequire } from "node:module";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import { loadBrain, newBotState, newSession, respond } from "../../engine/index.ts";
import type { EngineEnv } from "../../engine/types.ts";
import { seededRandom } from "../support/random.ts";

const RiveScript = createRequire(import.meta.url)("rivescript");
const NO_REPLY = "ERR: No Reply Matched";
const WORDS = ["hi", "bot", "you", "are", "what", "my", "name", "is"];

/**
 * No disagreement is accepted: the trigger order is the implementations' (docs/language.md "Priority"), and the
 * generated scripts use nothing where the engines differ on purpose (docs/language.md "Differences from rivescript").
 */
const env: EngineEnv = {
  clock: { now: () => 0 },
  random: seededRandom(3),
  fetcher: async () => ({ status: 0, text: "", error: "offline" }),
  macros: { call: async () => "" },
};

async function oursReply(source: string, input: string): Promise<string> {
  const { ir } = compile([{ path: "gen.bot", text: source }]);
  const brain = loadBrain(ir);
  const result = await respond(brain, { session: newSession("u", 0), bot: newBotState(ir) }, { from: "u", body: input, media: [] }, env);
  return result.matched ? result.reply : NO_REPLY;
}

async function referenceReply(source: string, input: string): Promise<string> {
  const rs = new RiveScript({ utf8: false });
  rs.stream(source);
  rs.sortReplies();
  return rs.reply("u", input);
}

const token = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 3, arbitrary: fc.constantFrom("*", "#", "_") },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...WORDS), fc.constantFrom(...WORDS))
      .filter(([a, b]) => a !== b)
      .map(([a, b]) => `(${a}|${b})`),
  },
  { weight: 1, arbitrary: fc.constantFrom(...WORDS).map((w) => `[${w}]`) },
);

const trigger = fc
  .record({
    tokens: fc.array(token, { minLength: 1, maxLength: 4 }),
    weight: fc.option(fc.integer({ min: 1, max: 20 }), { freq: 5 }),
  })
  // An all-optional trigger is not a valid pattern in either engine.
  .filter(({ tokens }) => tokens.some((t) => !t.startsWith("[")));

const script = fc.record({
  triggers: fc.array(trigger, { minLength: 1, maxLength: 12 }),
  catchAll: fc.boolean(),
});

const input = fc
  .array(fc.oneof(fc.constantFrom(...WORDS), fc.integer({ min: 0, max: 99 }).map(String)), { minLength: 1, maxLength: 5 })
  .map((ws) => ws.join(" "));

function render({ triggers, catchAll }: { triggers: { tokens: string[]; weight: number | null }[]; catchAll: boolean }): string[] {
  return triggers
    .map(({ tokens, weight }, i) => {
      const text = tokens.join(" ") + (weight ? ` {weight=${weight}}` : "");
      return `+ ${text}\n- t${i} <star1> <star2>\n`;
    })
    .concat(catchAll ? ["+ *\n- fallback\n"] : []);
}

describe("differential against rivescript 2.2.1", () => {
  it("agrees on every generated script and input", async () => {
    let compared = 0;
    let triggered = 0;
    await fc.assert(
      fc.asyncProperty(script, fc.array(input, { minLength: 8, maxLength: 8 }), async (generated, inputs) => {
        const blocks = render(generated);
        const source = blocks.join("\n");
        for (const text of inputs) {
          const [ours, theirs] = [await oursReply(source, text), await referenceReply(source, text)];
          compared++;
          if (/^t\d/.test(theirs)) triggered++;
          expect({ source, input: text, ours }).toEqual({ source, input: text, ours: theirs });
        }
      }),
      { seed: 20261127, numRuns: 500 },
    );
    // The comparison must have covered real ground.
    expect(compared).toBe(500 * 8);
    expect(triggered).toBeGreaterThan(compared / 10);
    console.log(`differential: ${compared} replies compared, ${triggered} answered by a generated trigger`);
  }, 180_000);
});
