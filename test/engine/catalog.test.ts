/** @module RUN catalog checks: unique codes, a docs page per code, every code raised by a test. */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runtimeEntries } from "../../compiler/diagnostics/catalog/runtime.ts";

describe("RUN catalog", () => {
  it("has unique RUN0xx codes and names", () => {
    const codes = runtimeEntries.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(runtimeEntries.map((e) => e.name)).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^RUN0[0-9]{2}$/);
  });

  it("documents every code in docs/diagnostics and docs/engine.md", () => {
    const engineDoc = readFileSync(new URL("../../docs/engine.md", import.meta.url), "utf8");
    for (const entry of runtimeEntries) {
      const file = new URL(`../../docs/diagnostics/${entry.code}.md`, import.meta.url);
      expect(existsSync(file), entry.code).toBe(true);
      expect(readFileSync(file, "utf8")).toContain(`# ${entry.code} ${entry.name}`);
      expect(engineDoc).toContain(`[${entry.code}]`);
    }
  });

  it("every code is raised by an engine or local-runtime test", () => {
    const sources = [
      ...["replies", "tags", "sms", "http-begin-topics", "compiled"].map((name) => new URL(`./${name}.test.ts`, import.meta.url)),
      // The local runtime logs the events around the engine (media checks, failed steps, hand-offs).
      new URL("../../sandbox/local/index.test.ts", import.meta.url),
      // The SMS runtime's dispatcher stops a loop.
      new URL("../loop-guard/ping-pong.test.ts", import.meta.url),
      // The dispatcher's sender meter expires a reply that waited too long.
      new URL("../runtime/sender-meter.test.ts", import.meta.url),
      // The macro host's output limits and deadline; the inbound worker drops a message whose runs never finish.
      new URL("../runtime/macro-limits.test.ts", import.meta.url),
      new URL("../runtime/macro-hostile-run.test.ts", import.meta.url),
      // Async macros: a promise nothing settles, console output past its bound, a body that does not compile, a timer past the deadline.
      new URL("../runtime/macro-async.test.ts", import.meta.url),
      // A trigger past its matching step budget.
      new URL("./match-bounded.test.ts", import.meta.url),
    ].map((url) => readFileSync(url, "utf8"));
    for (const entry of runtimeEntries)
      expect(
        sources.some((s) => s.includes(`"${entry.code}"`)),
        entry.code,
      ).toBe(true);
  });
});
