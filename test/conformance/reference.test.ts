/**
 * @module The reference implementations' unit tests (rivescript-js v2.2.1, rivescript-python), ported to data:
 * every case passes, is a documented difference whose sentence docs/language.md holds, is skipped with a
 * reason, or waits for a named fix (and must still fail, so the fix flips it).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadReferenceCases, missingDocSentences, runReferenceCase } from "./reference.ts";

const cases = loadReferenceCases();
const languageDoc = readFileSync(new URL("../../docs/language.md", import.meta.url), "utf8");

describe("reference unit tests", () => {
  it("has every upstream test function (71 rivescript-js, 52 rivescript-python)", () => {
    expect(cases.filter((c) => c.suite === "rivescript-js")).toHaveLength(71);
    expect(cases.filter((c) => c.suite === "rivescript-python")).toHaveLength(52);
  });

  it("gives every skip and difference its reason", () => {
    for (const c of cases) {
      if (c.skip !== undefined) expect(c.skip.length, `${c.file}#${c.name}`).toBeGreaterThan(10);
      for (const step of c.steps) if (step.difference) expect(step.difference.why.length, `${c.file}#${c.name}`).toBeGreaterThan(10);
    }
  });

  it("quotes docs/language.md word for word in every documented difference", () => {
    expect(missingDocSentences(cases, languageDoc)).toEqual([]);
  });

  for (const testCase of cases) {
    const name = `${testCase.suite}/${testCase.file}#${testCase.name}`;
    if (testCase.skip !== undefined) {
      it.skip(`${name} (${testCase.skip})`, () => undefined);
      continue;
    }
    it(name, async () => {
      const result = await runReferenceCase(testCase);
      expect(result.failures).toEqual([]);
      expect(result.status).not.toBe("failed");
    });
  }
});
