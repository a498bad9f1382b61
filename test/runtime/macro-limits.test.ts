/**
 * @module What a JavaScript macro hands the host is bounded (issue 20, finding 2): characters, writes and
 * one variable's size; and every call has a wall-clock deadline while the event loop stays free
 * (finding 3): a native `indexOf` that runs for seconds between interrupt checks is stopped by terminating
 * its worker thread, and timers on the main thread keep firing meanwhile.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { ObjectMacroIR } from "../../compiler/ir/types.ts";
import type { MacroApi } from "../../engine/types.ts";
import { createMacroPool } from "../../runtime/adapters/macro-pool.ts";
import { createMacroHost, MACRO_DEADLINE, MACRO_OUTPUT_LIMIT, MACRO_VARIABLE_LIMIT } from "../../runtime/adapters/macros.ts";

const span = { file: "bot.bot", start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
const objects = (defs: Record<string, string>): Record<string, ObjectMacroIR> =>
  Object.fromEntries(Object.entries(defs).map(([name, code]) => [name, { name, language: "javascript", code, span }]));

const USER = "+15550001111";
function recordingApi() {
  const vars: Record<string, string> = {};
  let written = 0;
  const api: MacroApi = {
    currentUser: () => USER,
    getUservar: (_u, n) => vars[n],
    setUservar: (_u, n, v) => {
      vars[n] = v;
      written += v.length;
    },
    getBotvar: () => undefined,
  };
  return { api, vars, written: () => written };
}

const pool = createMacroPool(2);
afterAll(() => pool.close());

/** The CPU budget is roomy here: these limits must hold whatever the engine-work budget is. */
const roomy = { cpuSteps: 100_000, memoryBytes: 64 * 1024 * 1024 };

describe("macro output limits", () => {
  it("refuses a variable larger than varChars and never copies it into the host", async () => {
    const warnings: string[] = [];
    const codes: unknown[] = [];
    const host = createMacroHost(
      objects({ flood: 'var s = "x".repeat(1 << 20); for (var i = 0; i < 40; i++) rs.setUservar(rs.currentUser(), "v" + i, s); return "done";' }),
      { pool, limits: roomy, logger: { warn: (f, m) => void (warnings.push(m), codes.push(f["code"])) } },
    );
    const { api, written } = recordingApi();
    await expect(host.call("flood", [], api)).rejects.toThrow(MACRO_VARIABLE_LIMIT);
    expect(written()).toBe(0);
    expect(codes).toEqual(["RUN022"]);
    expect(warnings[0]).toMatch(
      /^RUN022 macro flood failed: macro variable too large: it set v0 to 1048576 characters, more than 16384 \(runtime\.macros\.varChars\)/,
    );
  });

  it("stops a macro past its writes, even when it catches the error, and keeps what came before", async () => {
    const host = createMacroHost(
      objects({ many: 'for (var i = 0; i < 100000; i++) { try { rs.setUservar(rs.currentUser(), "k" + i, "v"); } catch (e) {} } return "survived";' }),
      { pool, limits: roomy, logger: { warn: (f) => void codes.push(f["code"]) } },
    );
    const codes: unknown[] = [];
    const { api, vars } = recordingApi();
    await expect(host.call("many", [], api)).rejects.toThrow(MACRO_OUTPUT_LIMIT);
    expect(codes).toEqual(["RUN021"]);
    expect(Object.keys(vars)).toHaveLength(100);
  });

  it("counts the characters of all writes and of the returned text against outputChars", async () => {
    const host = createMacroHost(
      objects({
        writes: 'var s = "y".repeat(16000); for (var i = 0; i < 20; i++) rs.setUservar(rs.currentUser(), "w" + i, s); return "ok";',
        big: 'return "z".repeat(300 * 1024);',
        fine: 'rs.setUservar(rs.currentUser(), "a", "b".repeat(16000)); return "c".repeat(1000);',
      }),
      { pool, limits: roomy },
    );
    const first = recordingApi();
    await expect(host.call("writes", [], first.api)).rejects.toThrow(MACRO_OUTPUT_LIMIT);
    // 256 KiB of output: 16 writes of 16,000 characters (plus their names) fit, the 17th does not.
    expect(Object.keys(first.vars)).toHaveLength(16);
    await expect(host.call("big", [], recordingApi().api)).rejects.toThrow(MACRO_OUTPUT_LIMIT);
    expect(await host.call("fine", [], recordingApi().api)).toHaveLength(1000);
  });

  it("bounds how often a macro calls the host", async () => {
    const host = createMacroHost(objects({ chatty: 'for (var i = 0; i < 1e6; i++) rs.getBotvar("x"); return "done";' }), { pool, limits: roomy });
    await expect(host.call("chatty", [], recordingApi().api)).rejects.toThrow(MACRO_OUTPUT_LIMIT);
  });
});

describe("macro wall-clock deadline", () => {
  it("stops a native indexOf that runs between interrupt checks, while the event loop keeps turning, and the next call works", async () => {
    const warnings: string[] = [];
    const codes: unknown[] = [];
    const host = createMacroHost(
      objects({
        needle: 'var text = "a".repeat(1 << 20); var needle = "a".repeat(10000) + "b"; return text.indexOf(needle);',
        ok: "return 'fine';",
      }),
      { pool, limits: { deadlineMs: 300 }, logger: { warn: (f, m) => void (warnings.push(m), codes.push(f["code"])) } },
    );
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const started = Date.now();
    try {
      await expect(host.call("needle", [], recordingApi().api)).rejects.toThrow(MACRO_DEADLINE);
    } finally {
      clearInterval(ticker);
    }
    // Generous bound: stopped near its 300 ms deadline, far from the ~15 s the search would take.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(ticks).toBeGreaterThan(5);
    expect(codes).toEqual(["RUN023"]);
    expect(warnings[0]).toMatch(/^RUN023 macro needle failed: macro deadline: it was still running after 300 ms \(runtime\.macros\.deadlineMs\)/);
    expect(await host.call("ok", [], recordingApi().api)).toBe("fine");
  });
});
