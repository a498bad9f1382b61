/**
 * @module The warm macro sandbox keeps replies apart (issue 26, What 1): the calls of one reply share a
 * QuickJS context (so what one wrote the next sees, which proves the probe can see it), and nothing a
 * reply's macros wrote (a global, an implicit global, a changed prototype or built-in, a replaced `rs`
 * method's global) is visible to the next reply of the same user or to another user's reply. One worker
 * thread, so every call lands in the same warm runtime; through the engine, as the runtime runs them.
 */
import { afterAll, describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import { loadBrain, newBotState, newSession, respond } from "../../engine/index.ts";
import type { BotState, EngineEnv, Session } from "../../engine/types.ts";
import { createMacroPool } from "../../runtime/adapters/macro-pool.ts";
import { createMacroHost } from "../../runtime/adapters/macros.ts";
import { seededRandom } from "../support/random.ts";

const pool = createMacroPool(1);
afterAll(() => pool.close());

const SOURCE = `
> object write javascript
  globalThis.leakGlobal = "g";
  leakImplicit = "i";
  Object.prototype.leakProto = "p";
  Array.prototype.join = function () { return "hijacked"; };
  String.prototype.toUpperCase = function () { return "hijacked"; };
  JSON.stringify = function () { return "hijacked"; };
  Math.max = function () { return -1; };
  return "wrote";
< object

> object read javascript
  return typeof leakGlobal + "," + typeof globalThis.leakImplicit + "," +
    (({}).leakProto === undefined ? "clean" : "polluted") + "," + ["a", "b"].join("-") + "," +
    "up".toUpperCase() + "," + JSON.stringify([1]) + "," + Math.max(1, 2);
< object

> object fail javascript
  globalThis.leakGlobal = "from a failed call";
  throw new Error("no");
< object

+ write then read
- <call>write</call> <call>read</call>

+ read
- <call>read</call>

+ fail then read
- <call>fail</call> <call>read</call>
`;

/** What `read` answers in a context nobody wrote to. */
const CLEAN = "undefined,undefined,clean,a-b,UP,[1],2";

function bot() {
  const { ir, diagnostics } = compile([{ path: "bot.bot", text: SOURCE }]);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const clock = { now: () => Date.UTC(2026, 0, 1) };
  // A roomy CPU budget and deadline: a loaded machine must not fail these calls.
  const macros = createMacroHost(ir.objects, { pool, clock, limits: { cpuSteps: 10_000, deadlineMs: 10_000 } });
  const env: EngineEnv = { clock, random: seededRandom(1), fetcher: async () => ({ status: 0, text: "" }), macros };
  const brain = loadBrain(ir);
  const states = new Map<string, { session: Session; bot: BotState }>();
  return async (user: string, body: string): Promise<string> => {
    const state = states.get(user) ?? { session: newSession(user, 0), bot: newBotState(ir) };
    const result = await respond(brain, state, { from: user, body, media: [] }, env);
    states.set(user, { session: result.session, bot: result.bot });
    return result.reply;
  };
}

describe("the warm macro sandbox, reply by reply", () => {
  it("lets a reply's later call see what its earlier call wrote (the probe can fail)", async () => {
    const say = bot();
    expect(await say("+15550001111", "write then read")).toBe("wrote string,string,polluted,hijacked,hijacked,hijacked,-1");
  });

  it("shows the next reply of the same user none of it", async () => {
    const say = bot();
    expect(await say("+15550001111", "write then read")).toMatch(/^wrote string/);
    expect(await say("+15550001111", "read")).toBe(CLEAN);
    expect(await say("+15550001111", "read")).toBe(CLEAN);
  });

  it("shows another user's reply none of it, in either order", async () => {
    const say = bot();
    expect(await say("+15550001111", "write then read")).toMatch(/^wrote string/);
    expect(await say("+15550002222", "read")).toBe(CLEAN);
    expect(await say("+15550002222", "write then read")).toMatch(/^wrote string/);
    expect(await say("+15550001111", "read")).toBe(CLEAN);
  });

  it("gives a reply's next call a fresh context after a call that failed", async () => {
    const say = bot();
    expect(await say("+15550001111", "fail then read")).toBe(`[ERR: Error raised by object macro: no] ${CLEAN}`);
  });

  it("keeps two bots' replies apart in the same worker", async () => {
    const first = bot();
    const second = bot();
    expect(await first("+15550001111", "write then read")).toMatch(/^wrote string/);
    expect(await second("+15550001111", "read")).toBe(CLEAN);
  });
});
