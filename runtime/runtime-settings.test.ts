/** @module The runtime's keys of bot.config.yaml: every bad value reported at once, in plain words. */
import { describe, expect, it } from "vitest";
import { parseRuntimeSettings } from "./runtime-settings.ts";

describe("parseRuntimeSettings", () => {
  it("names every bad value once, schema problems and bad allow entries together", () => {
    const { errors, settings } = parseRuntimeSettings({ http: { budgetMs: 5, allow: ["10.0.0.0/99", ""] }, macros: { memoryMb: "big", cpu: 1 } });
    expect(errors).toEqual([
      'bot.config.yaml runtime.http.allow[1]: "" is not allowed; use non-empty text',
      "bot.config.yaml runtime.http.budgetMs: 5 is not allowed; use a whole number from 100 to 14000",
      "bot.config.yaml runtime.macros.cpu: unknown key (known keys: memoryMb, cpuSteps, deadlineMs, outputChars, hostCalls, writes, varChars)",
      'bot.config.yaml runtime.macros.memoryMb: "big" is not allowed; use a whole number from 1 to 1024',
      expect.stringMatching(/^bot\.config\.yaml runtime\.http\.allow\[0\]: /),
    ]);
    expect(settings.http.budgetMs).toBe(10_000);
  });
});
