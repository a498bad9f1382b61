/** @module Golden files: the violations fixture (one finding per rule) in every format, exactly. UPDATE_SNAPSHOTS=1 rewrites them. */
import { beforeAll, describe, expect, it } from "vitest";
import { closeSync, openSync, readFileSync, writeFileSync, ftruncateSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { rules } from "../../compiler/lint/index.ts";
import { copyFixture } from "./cli-run.ts";
import { runLint } from "../../bin/commands/lint.ts";
import { validateSarif } from "./sarif-schema.ts";

const EXPECTED = fileURLToPath(new URL("./fixtures/violations.expected/", import.meta.url));
const FORMATS = { stylish: "stylish.txt", json: "json.json", sarif: "sarif.json", github: "github.txt" } as const;

/** A 3 MB file without storing 3 MB in the repository (sparse where the file system allows). */
function writeLargeFile(path: string, bytes: number): void {
  const fd = openSync(path, "w");
  ftruncateSync(fd, bytes);
  closeSync(fd);
}

describe("golden: test/lint/fixtures/violations", () => {
  const cwd = copyFixture("violations");
  writeLargeFile(join(cwd, "violations", "big-1.png"), 3 * 1024 * 1024);
  writeLargeFile(join(cwd, "violations", "big-2.png"), 3 * 1024 * 1024);
  const outputs: Record<string, { status: number; stdout: string; stderr: string }> = {};
  beforeAll(async () => {
    for (const format of Object.keys(FORMATS)) {
      const run = { status: 0, stdout: "", stderr: "" };
      const options = { format, broadcast: join(cwd, "violations", "broadcast.txt"), cwd };
      run.status = await runLint(
        join(cwd, "violations"),
        options,
        (s) => (run.stdout += s),
        (s) => (run.stderr += s),
      );
      outputs[format] = run;
    }
  });

  for (const [format, file] of Object.entries(FORMATS)) {
    it(`${format} output matches ${file} and exits 1`, () => {
      const run = outputs[format];
      expect(run?.stderr).toBe("");
      expect(run?.status).toBe(1);
      const path = join(EXPECTED, file);
      if (process.env.UPDATE_SNAPSHOTS === "1") writeFileSync(path, run?.stdout ?? "");
      expect(run?.stdout).toBe(readFileSync(path, "utf8"));
    });
  }

  it("sarif output is valid SARIF 2.1.0", () => {
    expect(validateSarif(JSON.parse(outputs.sarif?.stdout ?? "{}")), JSON.stringify(validateSarif.errors)).toBe(true);
  });

  it("has a finding for every rule, and only lint findings", () => {
    const report = JSON.parse(outputs.json?.stdout ?? "{}") as { files: { diagnostics: { code: string }[] }[] };
    const codes = new Set(report.files.flatMap((f) => f.diagnostics.map((d) => d.code)));
    expect([...codes].sort()).toEqual(
      Object.values(rules)
        .map((r) => r.meta.code)
        .sort(),
    );
  });
});
