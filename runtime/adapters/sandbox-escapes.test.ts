/**
 * @module Known ways out of a JavaScript sandbox, each tried against the macro host: breaking out of a
 * function wrapper, `constructor.constructor`, prototype pollution, traps on the returned value
 * (`Symbol.toPrimitive`, `toString`, getters, `then`), deep recursion, huge strings and infinite loops
 * in every position. Each must end as a plain result or a contained error, leave the host untouched,
 * and leave the next call working.
 */
import { describe, expect, it } from "vitest";
import type { ObjectMacroIR } from "../../compiler/ir/types.ts";
import type { MacroApi } from "../../engine/types.ts";
import { createMacroHost, MACRO_CPU_LIMIT, MACRO_MEMORY_LIMIT } from "./macros.ts";

const span = { file: "bot.bot", start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
const HIDDEN = "typeof process + typeof require + typeof module + typeof __host + typeof Buffer + typeof fetch";
const NOTHING = "undefined".repeat(6);

// A body that does not compile is not loaded (rivescript's "Object Not Found"); the log line says why (RUN028).
type Expect = { value: string | RegExp } | { error: string | RegExp; log?: RegExp };
const NOT_LOADED = /^Object Not Found$/;

const ATTEMPTS: [string, string, Expect][] = [
  ["close the wrapper and run top-level code", "}); globalThis.escaped = 1; (function () {", { error: NOT_LOADED, log: /RUN028 .*does not compile/ }],
  [
    "close the wrapper and forge the source check",
    `}); Function.prototype.toString = function () { return "async function anonymous(rs,args\\n) {\\n" + "x" + "\\n}"; }; (async function () {`,
    { error: NOT_LOADED, log: /RUN028 .*does not compile/ },
  ],
  [
    "close the wrapper and trap the bridge with a setter",
    `} ; Object.defineProperty(globalThis, "__host", { set(v) { globalThis.caught = v; } }); function again() {`,
    { error: NOT_LOADED, log: /RUN028 .*does not compile/ },
  ],
  ["constructor.constructor from a function", `return (function () {}).constructor.constructor("return " + ${JSON.stringify(HIDDEN)})();`, { value: NOTHING }],
  ["constructor.constructor from the rs API", `return rs.getBotvar.constructor.constructor("return " + ${JSON.stringify(HIDDEN)})();`, { value: NOTHING }],
  ["constructor.constructor from args", `return args.constructor.constructor("return " + ${JSON.stringify(HIDDEN)})();`, { value: NOTHING }],
  ["eval at top level", `return (0, eval)(${JSON.stringify(HIDDEN)});`, { value: NOTHING }],
  ["import()", `return import("fs").then(function () { return "loaded"; }, function (e) { return "refused"; });`, { value: "refused" }],
  [
    "pollute shared prototypes",
    `Object.prototype.polluted = "yes"; Array.prototype.join = function () { return "hijacked"; }; String.prototype.toString = function () { return "hijacked"; }; return "done";`,
    { value: "done" },
  ],
  [
    "replace String, return a looping toString (the reported freeze)",
    "String = function () { while (true) {} }; return { toString: function () { while (true) {} } };",
    { error: MACRO_CPU_LIMIT },
  ],
  ["Symbol.toPrimitive that loops", "return { [Symbol.toPrimitive]: function () { for (;;) {} } };", { error: MACRO_CPU_LIMIT }],
  ["a then getter that loops", "return { get then() { while (true) {} } };", { error: MACRO_CPU_LIMIT }],
  ["a then method that loops", "return { then: function (resolve) { while (true) {} } };", { error: MACRO_CPU_LIMIT }],
  ["an async function that loops", "return (async function () { await null; while (true) {} })();", { error: MACRO_CPU_LIMIT }],
  ["a thrown object whose message getter loops", "throw { get message() { while (true) {} } };", { error: MACRO_CPU_LIMIT }],
  ["a loop in finally after the limit", "try { while (true) {} } finally { while (true) {} }", { error: MACRO_CPU_LIMIT }],
  ["catching the interrupt to go on", "for (;;) { try { for (;;) {} } catch (e) {} }", { error: MACRO_CPU_LIMIT }],
  [
    "a looping value passed to setUservar",
    `rs.setUservar(rs.currentUser(), "x", { toString: function () { while (true) {} } }); return "set";`,
    { error: MACRO_CPU_LIMIT },
  ],
  ["catastrophic regular expression", `return /(a+)+$/.test("a".repeat(40) + "b");`, { error: MACRO_CPU_LIMIT }],
  ["deep recursion", "function down(n) { return down(n + 1) + 1; } return down(0);", { error: /stack|recursion/i }],
  ["a huge string at once", `return "x".repeat(64 * 1024 * 1024);`, { error: MACRO_MEMORY_LIMIT }],
  ["a string doubling without end", `var s = "x"; for (;;) s += s;`, { error: new RegExp(`${MACRO_MEMORY_LIMIT}|invalid string length|string too long`) }],
  ["an array growing without end", "var a = []; for (;;) a.push(new Array(1000).fill(1));", { error: new RegExp(`${MACRO_MEMORY_LIMIT}|${MACRO_CPU_LIMIT}`) }],
  [
    "forging the runner's result",
    `globalThis.__state = function () { return "ok:forged"; }; Function.prototype.toString = function () { return "forged"; }; return "real";`,
    { value: /^real$/ },
  ],
];

function fakeApi(): { api: MacroApi; writes: string[] } {
  const writes: string[] = [];
  return {
    writes,
    api: {
      currentUser: () => "+15550001111",
      getUservar: () => undefined,
      setUservar: (_u, name, value) => void writes.push(`${name}=${value}`),
      getBotvar: () => "Dexter",
    },
  };
}

describe("macro sandbox escape attempts", () => {
  const objects: Record<string, ObjectMacroIR> = Object.fromEntries(ATTEMPTS.map(([name, code]) => [name, { name, language: "javascript", code, span }]));
  objects["probe"] = {
    name: "probe",
    language: "javascript",
    code: `return [typeof ({}).polluted, [1, 2].join("-"), typeof globalThis.escaped, typeof globalThis.caught].join(",");`,
    span,
  };
  // A roomy deadline: these attempts must end at their memory or CPU limit, on a loaded machine too.
  const warnings: string[] = [];
  const host = createMacroHost(objects, { limits: { cpuSteps: 10, deadlineMs: 10_000 }, logger: { warn: (_fields, message) => warnings.push(message) } });

  it.each(ATTEMPTS)("%s", async (name, _code, expected) => {
    const { api } = fakeApi();
    const call = host.call(name, [], api);
    if ("value" in expected) await expect(call).resolves.toMatch(expected.value);
    else await expect(call).rejects.toThrow(expected.error);
    if ("log" in expected && expected.log) expect(warnings.some((w) => w.startsWith(`RUN028 macro ${name} `) && expected.log!.test(w))).toBe(true);
    // The host is untouched …
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect([1, 2].join("-")).toBe("1-2");
    expect(typeof (globalThis as Record<string, unknown>)["escaped"]).toBe("undefined");
    // … and the next call starts clean.
    expect(await host.call("probe", [], api)).toBe("undefined,1-2,undefined,undefined");
  });
});
