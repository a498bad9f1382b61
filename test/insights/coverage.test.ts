/**
 * @module `bot test --coverage` (issue 24): the summary agrees with a hand count on examples/faq, the LCOV file
 * for all of examples/ is accepted by `genhtml` (Debian's lcov, when installed), a threshold fails the run below
 * it, and a folder with no transcripts under a threshold exits 1 saying there are none.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runTests } from "../../bin/commands/test.ts";

const out = fs.mkdtempSync(path.join(os.tmpdir(), "bot-coverage-"));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));
const haveGenhtml = spawnSync("genhtml", ["--version"]).status === 0;

/** LCOV records by file: FNF/FNH (triggers), BRF/BRH (branches), and the FNDA counts. */
function parseLcov(text: string) {
  const files = new Map<string, { fnf: number; fnh: number; brf: number; brh: number; fnda: Map<number, number> }>();
  let current: ReturnType<typeof files.get> & object = { fnf: 0, fnh: 0, brf: 0, brh: 0, fnda: new Map() };
  for (const line of text.split("\n")) {
    const [key, value = ""] = line.split(/:(.*)/s) as [string, string?];
    if (key === "SF") files.set(value, (current = { fnf: 0, fnh: 0, brf: 0, brh: 0, fnda: new Map() }));
    if (key === "FNF") current.fnf = Number(value);
    if (key === "FNH") current.fnh = Number(value);
    if (key === "BRF") current.brf = Number(value);
    if (key === "BRH") current.brh = Number(value);
    if (key === "FNDA") {
      const [hits, name] = value.split(",") as [string, string];
      current.fnda.set(Number(/^L(\d+)_/.exec(name)![1]), Number(hits));
    }
  }
  return files;
}

describe("bot test --coverage", () => {
  it("agrees with a hand count on examples/faq", async () => {
    const dir = path.join(out, "faq");
    const result = await runTests(["examples/faq"], { coverage: { threshold: null, dir } });
    expect(result.exitCode).toBe(0);
    // Hand count of examples/faq/faq.bot against faq.test.yaml: 17 triggers, each with one branch (its `-`
    // replies or its redirect). Only `+ where are you [located]` (line 50) is never reached: the transcript asks
    // for the address instead. Redirect targets count (`+ hours` is reached through `@ hours`).
    expect(result.coverageText).toMatch(/examples\/faq\/faq\.bot\s+94\.1%\s+16\/17\s+94\.1%\s+16\/17\s+50\n/);
    const lcov = parseLcov(fs.readFileSync(path.join(dir, "lcov.info"), "utf8"));
    const faq = lcov.get("examples/faq/faq.bot")!;
    expect(faq).toMatchObject({ fnf: 17, fnh: 16, brf: 17, brh: 16 });
    expect(faq.fnda.get(50)).toBe(0);
    // `+ hours` (line 26): "1" from the menu buttons, and three redirects from the ways of asking.
    expect(faq.fnda.get(26)).toBe(4);
    // order.bot is the same bot folder's second file, in its own record.
    expect(lcov.get("examples/faq/order.bot")).toMatchObject({ fnf: 6, fnh: 5 });
  }, 60_000);

  it.runIf(haveGenhtml)(
    "writes LCOV for examples/ that genhtml accepts",
    async () => {
      const dir = path.join(out, "all");
      const result = await runTests(["examples"], { coverage: { threshold: null, dir } });
      expect(result.exitCode).toBe(0);
      const html = path.join(out, "html");
      const genhtml = spawnSync("genhtml", [path.join(dir, "lcov.info"), "--branch-coverage", "--output-directory", html], {
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(genhtml.status, genhtml.stderr).toBe(0);
      expect(fs.existsSync(path.join(html, "index.html"))).toBe(true);
      expect(genhtml.stdout).toMatch(/functions\.*: \d+\.\d+% \(56 of 66 functions\)/);
    },
    120_000,
  );

  it("fails the run below the threshold, and passes at or under it", async () => {
    const dir = path.join(out, "threshold");
    const below = await runTests(["examples/faq"], { coverage: { threshold: 95, dir } });
    expect(below.exitCode).toBe(1);
    expect(below.coverageText).toMatch(/coverage: triggers 91\.3%, branches 91\.3%: below the threshold of 95%/);
    const at = await runTests(["examples/faq"], { coverage: { threshold: 90, dir } });
    expect(at.exitCode).toBe(0);
  }, 60_000);

  it("says there are no transcripts and exits 1 under a threshold", async () => {
    const empty = fs.mkdtempSync(path.join(out, "empty-"));
    fs.writeFileSync(path.join(empty, "bot.bot"), "+ hi\n- Hello\n");
    const result = await runTests([empty], { coverage: { threshold: 50, dir: path.join(out, "none") } });
    expect(result.exitCode).toBe(1);
    expect(result.output).toMatch(/no transcripts \(\*\.test\.yaml\) under .*: coverage is 0%, below the threshold of 50%/);
    // Without a threshold it stays a usage error, as before.
    expect((await runTests([empty], { coverage: { threshold: null, dir: path.join(out, "none") } })).exitCode).toBe(2);
  }, 60_000);
});
