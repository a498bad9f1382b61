/**
 * @module Object macros as rivescript 2.x runs them (issue 25, Why 1–3): `await` and promises, timers in the
 * call's virtual time and within its budget, `console.*` to the bot's log with the macro's name at a bounded
 * size, the whole `rs.*` API with stated refusals, and rivescript's error texts. Every call goes through the
 * engine and a real worker pool, as the runtime runs them.
 */
import { afterAll, describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import { loadBrain, newBotState, newSession, respond } from "../../engine/index.ts";
import type { BotState, EngineEnv, Session } from "../../engine/types.ts";
import { createMacroPool } from "../../runtime/adapters/macro-pool.ts";
import { createMacroHost } from "../../runtime/adapters/macros.ts";
import type { MacroLimits } from "../../runtime/adapters/macros.ts";
import { seededRandom } from "../support/random.ts";

const USER = "+15550001111";
const pool = createMacroPool(2);
afterAll(() => pool.close());

interface Logged {
  level: "info" | "warn";
  fields: Record<string, unknown>;
  message: string;
}

/** A bot from `source`, its macros in the worker pool; `say` answers one message and keeps the state. */
function bot(source: string, limits: Partial<MacroLimits> = {}) {
  const { ir, diagnostics } = compile([{ path: "bot.bot", text: source }]);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const logged: Logged[] = [];
  const logger = {
    warn: (fields: Record<string, unknown>, message: string) => void logged.push({ level: "warn", fields, message }),
    info: (fields: Record<string, unknown>, message: string) => void logged.push({ level: "info", fields, message }),
  };
  const clock = { now: () => Date.UTC(2026, 0, 1) };
  // A roomy CPU budget and wall-clock deadline: a loaded machine must not fail these calls.
  const macros = createMacroHost(ir.objects, { pool, logger, clock, random: seededRandom(3), limits: { cpuSteps: 10_000, deadlineMs: 10_000, ...limits } });
  const env: EngineEnv = { clock, random: seededRandom(1), fetcher: async () => ({ status: 0, text: "" }), macros };
  const brain = loadBrain(ir);
  let state: { session: Session; bot: BotState } = { session: newSession(USER, 0), bot: newBotState(ir) };
  return {
    logged,
    state: () => state,
    async say(body: string): Promise<string> {
      const result = await respond(brain, state, { from: USER, body, media: [] }, env);
      state = { session: result.session, bot: result.bot };
      return result.reply;
    },
  };
}

describe("Why 1: await, promises and async functions", () => {
  it("runs a body with await (a syntax error before)", async () => {
    const b = bot(`
> object hi javascript
  var x = await Promise.resolve("hi");
  return x;
< object
+ test
- <call>hi</call>
`);
    expect(await b.say("test")).toBe("hi");
  });

  it("awaits rs calls and async helpers, and settles chained promises", async () => {
    const b = bot(`
> object count javascript
  var user = rs.currentUser();
  var n = await rs.getUservar(user, "n");
  n = n === "undefined" ? 1 : Number(n) + 1;
  await rs.setUservar(user, "n", n);
  async function twice(v) { await null; return v * 2; }
  return "n=" + n + " twice=" + (await twice(n));
< object
+ count
- <call>count</call>
`);
    expect(await b.say("count")).toBe("n=1 twice=2");
    expect(await b.say("count")).toBe("n=2 twice=4");
    expect(b.state().session.vars["n"]).toBe("2");
  });

  it("fails a promise nothing can settle at once with RUN026 naming the macro, without waiting for the deadline", async () => {
    const b = bot(`
> object stuck javascript
  await new Promise(function () {});
  return "never";
< object
+ test
- got <call>stuck</call>
`);
    expect(await b.say("test")).toBe("got [ERR: macro never settled]");
    expect(b.logged.find((l) => l.fields["code"] === "RUN026")?.message).toMatch(/^RUN026 macro stuck failed: macro never settled/);
  });
});

describe("Why 2: timers and console", () => {
  it("runs setTimeout in the call's virtual time: Date moves on by the delay, no thread waits", async () => {
    const b = bot(`
> object later javascript
  var t0 = Date.now();
  var v = await new Promise(function (resolve) { setTimeout(resolve, 400, "done"); });
  return v + " after " + (Date.now() - t0) + " ms";
< object
+ test
- <call>later</call>
`);
    expect(await b.say("test")).toBe("done after 400 ms");
  });

  it("fires setInterval until cleared, in due order with setTimeout", async () => {
    const b = bot(`
> object ticks javascript
  var seen = [];
  return await new Promise(function (resolve) {
    var n = 0;
    var id = setInterval(function () { seen.push("i" + (++n)); if (n === 3) { clearInterval(id); resolve(seen.join(",")); } }, 100);
    setTimeout(function () { seen.push("t150"); }, 150);
    var gone = setTimeout(function () { seen.push("never"); }, 50);
    clearTimeout(gone);
  });
< object
+ test
- <call>ticks</call>
`);
    expect(await b.say("test")).toBe("i1,t150,i2,i3");
  });

  it("fails a timer due past the budget as an over-budget macro (RUN029), at once", async () => {
    const b = bot(
      `
> object slow javascript
  await new Promise(function (resolve) { setTimeout(resolve, 5000); });
  return "late";
< object
+ test
- <call>slow</call>
`,
      { deadlineMs: 1000 },
    );
    expect(await b.say("test")).toBe("[ERR: macro deadline]");
    expect(b.logged.find((l) => l.fields["code"] === "RUN029")?.message).toMatch(
      /^RUN029 macro slow failed: macro deadline: it waits for a timer due at 5000 ms, past its time budget of 1000 ms/,
    );
  });

  it("routes console.log to the bot's log with the macro's name, and the reply is unchanged (a public brain's add)", async () => {
    const b = bot(`
> object add javascript
  console.log("adding", args[0], "and", args[1], { n: 2 });
  console.warn("careful");
  return Number(args[0]) + Number(args[1]);
< object
+ what is # plus #
- <star1> + <star2> = <call>add <star1> <star2></call>
`);
    expect(await b.say("what is 2 plus 3")).toBe("2 + 3 = 5");
    expect(b.logged.map((l) => [l.level, l.message, l.fields["macro"]])).toEqual([
      ["info", 'macro add: adding 2 and 3 {"n":2}', "add"],
      ["warn", "macro add: careful", "add"],
    ]);
  });

  it("bounds a macro that logs megabytes: 4,096 characters in 50 lines, then one RUN027 note with the count", async () => {
    const b = bot(`
> object chatty javascript
  console.log("x".repeat(1000000));
  for (var i = 0; i < 1000; i++) console.log("line " + i);
  return "still fine";
< object
+ test
- <call>chatty</call>
`);
    expect(await b.say("test")).toBe("still fine");
    const lines = b.logged.filter((l) => l.fields["console"] !== undefined);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.message).toBe(`macro chatty: ${"x".repeat(4096)}`);
    const note = b.logged.find((l) => l.fields["code"] === "RUN027");
    const dropped = 1_000_000 - 4096 + Array.from({ length: 1000 }, (_, i) => `line ${i}`.length).reduce((a, n) => a + n, 0);
    expect(note?.message).toBe(`RUN027 console output of macro chatty was cut at 4096 characters in 50 lines; ${dropped} more characters were not logged`);
  });
});

describe("Why 3: the rs API and rivescript's error texts", () => {
  it("reads and writes user, bot and global variables as rivescript names them", async () => {
    const b = bot(`
! var mood = happy
! global debug = off
> object api javascript
  var u = rs.currentUser();
  var before = [rs.getVariable("mood"), rs.getVariable("nope"), rs.getGlobal("debug"), rs.getUservar(u, "nope")].join("/");
  rs.setVariable("mood", "sad");
  rs.setGlobal("debug", "on");
  rs.setUservars(u, { name: "ada", age: 36 });
  var all = rs.getUservars(u);
  return before + " " + all.name + ":" + all.age + " " + rs.getBotvar("nope") + " " + (rs.Promise === Promise);
< object
+ test
- <call>api</call> <bot mood> <env debug> <get name>
`);
    expect(await b.say("test")).toBe("happy/undefined/off/undefined ada:36 undefined true sad on ada");
    expect(b.state().bot.vars["mood"]).toBe("sad");
    expect(b.state().bot.globals["debug"]).toBe("on");
    expect(b.state().session.vars).toMatchObject({ name: "ada", age: "36" });
  });

  it("refuses rs.reply and the brain-changing methods with the reason, in rivescript's error text", async () => {
    const b = bot(`
> object nested javascript
  return rs.reply(rs.currentUser(), "hello");
< object
> object loader javascript
  rs.stream("+ hi\\n- there");
< object
+ test
- <call>nested</call>
+ load
- <call>loader</call>
`);
    expect(await b.say("test")).toBe(
      "[ERR: Error raised by object macro: rs.reply is not available in a macro here: a macro cannot start another reply; redirect with {@ …} in the reply instead]",
    );
    expect(await b.say("load")).toMatch(
      /^\[ERR: Error raised by object macro: rs\.stream is not available in a macro here: a macro cannot change the bot's brain/,
    );
  });

  it("renders a throw, and a rejection, as rivescript does", async () => {
    const b = bot(`
> object thrower javascript
  throw new Error("TestError");
< object
> object rejecter javascript
  await null;
  return Promise.reject(new Error("later"));
< object
+ throw
- Ok: <call>thrower</call>
+ reject
- Ok: <call>rejecter</call>
`);
    expect(await b.say("throw")).toBe("Ok: [ERR: Error raised by object macro: TestError]");
    expect(await b.say("reject")).toBe("Ok: [ERR: Error raised by object macro: later]");
  });

  it("treats a body that does not compile as not loaded (Object Not Found) and logs RUN028 with the parser's message", async () => {
    const b = bot(`
> object broken javascript
  return "syntax error
< object
+ test
- Broken: <call>broken</call>
`);
    expect(await b.say("test")).toBe("Broken: [ERR: Object Not Found]");
    expect(b.logged.find((l) => l.fields["code"] === "RUN028")?.message).toMatch(
      /^RUN028 macro broken does not compile: .+; its calls render \[ERR: Object Not Found\]/,
    );
  });
});
