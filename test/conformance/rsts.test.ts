/** @module RSTS conformance: every case of the RiveScript Test Suite must pass. */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { RSTS_DIR, loadRstsCases, runRstsCase } from "./rsts.ts";

const cases = loadRstsCases();

describe("RSTS", () => {
  it("has all 32 cases", () => {
    expect(cases).toHaveLength(32);
  });

  it("loads test-spec.yml and test-spec.json to the same data (YAML loader self-check)", () => {
    const yaml = parseYaml(readFileSync(join(RSTS_DIR, "test-spec.yml"), "utf8"));
    const json = JSON.parse(readFileSync(join(RSTS_DIR, "test-spec.json"), "utf8"));
    expect(yaml).toEqual(json);
  });

  for (const testCase of cases) {
    it(`${testCase.file}#${testCase.name}`, async () => {
      const result = await runRstsCase(testCase);
      expect(result.failure).toBeUndefined();
      expect(result.ok).toBe(true);
    });
  }
});
