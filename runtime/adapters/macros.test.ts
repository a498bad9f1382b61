/** @module Macro host tests: isolation from host globals, CPU and memory limits, errors, the rs API, registered macros. */
import { describe, expect, it } from "vitest";
import type { ObjectMacroIR } from "../../compiler/ir/types.ts";
import type { MacroApi } from "../../engine/types.ts";
import { createMacroHost, MACRO_CPU_LIMIT, MACRO_TIMEOUT } from "./macros.ts";

// Registered TypeScript macros wait on the wall clock: tests not about that limit get a roomy one.
const ROOMY = { timeoutMs: 5000 };

const span = { file: "bot.bot", start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
const objects = (defs: Record<string, string>, language = "javascript"): Record<string, ObjectMacroIR> =>
  Object.fromEntries(Object.entries(defs).map(([name, code]) => [name, { name, language, code, span }]));

function fakeApi(user = "+15550001111") {
  const vars: Record<string, Record<string, string>> = { [user]: { name: "ada" } };
  const api: MacroApi = {
    currentUser: () => user,
    getUservar: (u, n) => vars[u]?.[n],
    setUservar: (u, n, v) => {
      (vars[u] ??= {})[n] = v;
    },
    getBotvar: (n) => (n === "name" ? "Dexter" : undefined),
  };
  return { api, vars };
}

describe("createMacroHost", () => {
  it("runs a JavaScript body with args and returns a string", async () => {
    const host = createMacroHost(objects({ add: "return Number(args[0]) + Number(args[1]);" }), ROOMY);
    expect(await host.call("add", ["2", "40"], fakeApi().api)).toBe("42");
  });

  it("gives the body no host globals", async () => {
    const host = createMacroHost(
      objects({
        probe: 'return [typeof process, typeof require, typeof module, typeof globalThis.fetch].join(",");',
      }),
      ROOMY,
    );
    expect(await host.call("probe", [], fakeApi().api)).toBe("undefined,undefined,undefined,undefined");
  });

  it("lets the Function constructor reach only the sandbox's own globals", async () => {
    const host = createMacroHost(
      objects({
        viaGlobal: 'return globalThis.constructor.constructor("return typeof process + typeof require + typeof __host")();',
        viaRs: 'return rs.currentUser.constructor("return typeof process + typeof require + typeof __host")();',
        viaCaller: "return String(rs.getBotvar.caller);",
      }),
      ROOMY,
    );
    const { api } = fakeApi();
    expect(await host.call("viaGlobal", [], api)).toBe("undefinedundefinedundefined");
    expect(await host.call("viaRs", [], api)).toBe("undefinedundefinedundefined");
    // The rs functions are strict: reading `.caller` throws instead of handing out the runner.
    await expect(host.call("viaCaller", [], api)).rejects.toThrow();
  });

  it("ends an infinite loop at its CPU limit", async () => {
    const host = createMacroHost(objects({ spin: "while (true) {}" }), { limits: { cpuSteps: 5 } });
    await expect(host.call("spin", [], fakeApi().api)).rejects.toThrow(MACRO_CPU_LIMIT);
  });

  it("ends an endless promise chain at its CPU limit, and the next call still works", async () => {
    const host = createMacroHost(objects({ spin: "var loop = function () { return Promise.resolve().then(loop); }; return loop();", ok: "return 'fine';" }), {
      limits: { cpuSteps: 5 },
    });
    await expect(host.call("spin", [], fakeApi().api)).rejects.toThrow(MACRO_CPU_LIMIT);
    expect(await host.call("ok", [], fakeApi().api)).toBe("fine");
  });

  it("reports a throw with its message", async () => {
    const warnings: string[] = [];
    const host = createMacroHost(objects({ boom: 'throw new Error("no coffee");' }), {
      ...ROOMY,
      logger: { warn: (_f, m) => warnings.push(m) },
    });
    await expect(host.call("boom", [], fakeApi().api)).rejects.toThrow("no coffee");
    // rivescript's wording, so a brain's expected replies carry over.
    expect(warnings).toEqual(["macro boom failed: Error raised by object macro: no coffee"]);
  });

  it("settles async bodies", async () => {
    const host = createMacroHost(objects({ later: 'return Promise.resolve("done " + args.length);' }), ROOMY);
    expect(await host.call("later", ["a", "b"], fakeApi().api)).toBe("done 2");
  });

  it("exposes currentUser, getUservar, setUservar and getBotvar", async () => {
    const host = createMacroHost(
      objects({
        greet: `var u = rs.currentUser();
          rs.setUservar(u, "greeted", "yes");
          return "hi " + rs.getUservar(u, "name") + " from " + rs.getBotvar("name") + " " + rs.getUservar(u, "nope");`,
      }),
      ROOMY,
    );
    const { api, vars } = fakeApi();
    expect(await host.call("greet", [], api)).toBe("hi ada from Dexter undefined");
    expect(vars["+15550001111"]?.greeted).toBe("yes");
  });

  it("keeps no state between calls", async () => {
    const host = createMacroHost(objects({ count: "globalThis.n = (globalThis.n || 0) + 1; return globalThis.n;" }), ROOMY);
    const { api } = fakeApi();
    expect(await host.call("count", [], api)).toBe("1");
    expect(await host.call("count", [], api)).toBe("1");
  });

  it("turns a syntax error, an unknown name and another language into rejections", async () => {
    const host = createMacroHost(
      {
        ...objects({ bad: "return (;" }),
        ...objects({ perly: "return 1;" }, "perl"),
      },
      ROOMY,
    );
    const { api } = fakeApi();
    // rivescript does not load a macro that does not compile: its calls are "Object Not Found".
    await expect(host.call("bad", [], api)).rejects.toThrow(/^Object Not Found$/);
    await expect(host.call("perly", [], api)).rejects.toThrow('macro language "perl" is not supported');
    await expect(host.call("nope", [], api)).rejects.toThrow("Object Not Found");
  });

  it("runs registered TypeScript macros, which win over objects of the same name", async () => {
    const host = createMacroHost(objects({ shout: "return 'js';" }), ROOMY);
    host.register("shout", (rs, args) => `${args.join(" ").toUpperCase()} ${rs.currentUser()}`);
    expect(await host.call("shout", ["hey", "you"], fakeApi().api)).toBe("HEY YOU +15550001111");
    expect(host.names()).toEqual(["shout"]);
  });

  it("times out a registered macro that never settles", async () => {
    const host = createMacroHost({}, { timeoutMs: 20 });
    host.register("stuck", () => new Promise<string>(() => undefined));
    await expect(host.call("stuck", [], fakeApi().api)).rejects.toThrow(MACRO_TIMEOUT);
  });
});

describe("createMacroHost with a clock and a random source", () => {
  it("shows the given time through Date and the given numbers through Math.random", async () => {
    const draws = [0.25, 0.5];
    const host = createMacroHost(
      objects({ when: 'return [Date.now(), new Date().toISOString(), new Date(0).getTime(), Math.random(), Math.random()].join(" ");' }),
      { ...ROOMY, clock: { now: () => Date.UTC(2026, 0, 1, 9) }, random: () => draws.shift() ?? 0 },
    );
    expect(await host.call("when", [], fakeApi().api)).toBe(`${Date.UTC(2026, 0, 1, 9)} 2026-01-01T09:00:00.000Z 0 0.25 0.5`);
  });
});
