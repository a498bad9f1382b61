/** @module bot test end to end: exit codes, failure diff, JUnit XML, bad usage. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { runTests } from "../../bin/commands/test.ts";
import { BOT_SOURCE } from "../support/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "bot-test-"));

/** How the command prints a file: relative to the working folder (the one path style). */
const shown = (file: string) => relative(process.cwd(), file);

const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

write(
  "shop.bot",
  `+ hours
- We open at 7.

+ weather
$ GET https://api.example.com/w
* \${{__status}} == 200 => It is \${{temp}} degrees.
- No weather today.
`,
);

const passing = write(
  "pass.test.yaml",
  `bot: ./shop.bot
http:
  "https://api.example.com/w": { json: { temp: 21 } }
tests:
  - name: hours
    steps:
      - say: hours
        expect: We open at 7.
  - name: weather
    steps:
      - say: weather
        expect: It is 21 degrees.
`,
);

const failing = write(
  "fail.test.yaml",
  `bot: ./shop.bot
tests:
  - name: hours are wrong here
    steps:
      - say: hours
        expect: We open at 8.
  - name: weather without a canned response
    steps:
      - say: weather
        expect: No weather today.
`,
);

const invalid = write("invalid.test.yaml", `bot: ./shop.bot\ntests:\n  - name: typo\n    steps:\n      - sya: hours\n`);

const run = (...args: string[]) => spawnSync(process.execPath, [...BOT_SOURCE, "test", ...args], { encoding: "utf8" });

// Output is checked in-process through `runTests` (what the command runs); exit codes through the real command.
describe("bot test", () => {
  it("passes and exits 0", () => {
    const r = run(passing);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("✓ hours");
    expect(r.stdout).toContain("✓ weather");
    expect(r.stdout).toContain("2 passed (1 file)");
  });

  it("shows the failing step with expected and actual, and notes the unknown URL", async () => {
    const r = await runTests([failing]);
    expect(r.exitCode).toBe(1);
    expect(r.output).toContain("✗ hours are wrong here");
    expect(r.output).toContain(`${shown(failing)}:5  say: "hours"`);
    expect(r.output).toContain('- 1. "We open at 8."');
    expect(r.output).toContain('+ 1. "We open at 7."');
    expect(r.output).toContain("✓ weather without a canned response");
    expect(r.output).toContain("no canned HTTP response for GET https://api.example.com/w");
    expect(r.output).toContain("1 passed, 1 failed");
  });

  it("writes JUnit XML with --reporter junit and exits 1 on a failure", () => {
    const r = run(passing, failing, "--reporter", "junit");
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="bot test" tests="4" failures="1" errors="0">/);
    // Paths are shown relative to the working folder, as everywhere.
    expect(r.stdout).toContain(`<testcase name="hours are wrong here" classname="${relative(process.cwd(), failing)}"`);
    expect(r.stdout).toContain('<failure message="message 1: body differs at character 12">');
  });

  it("rejects an invalid transcript with its position and exits 2", () => {
    const r = run(invalid);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain(`${shown(invalid)}:5:`);
    expect(r.stdout).toContain('unknown key "sya"');
  });

  it("finds transcripts in a folder", async () => {
    const r = await runTests([dir]);
    expect(r.results.map((f) => relative(dir, f.file))).toEqual(expect.arrayContaining(["fail.test.yaml", "invalid.test.yaml", "pass.test.yaml"]));
    expect(r.exitCode).toBe(2);
  });

  it("treats a missing path, a missing bot or an unknown reporter as bad usage", async () => {
    expect(await runTests([join(dir, "nope.test.yaml")])).toMatchObject({ exitCode: 2, output: expect.stringContaining("no such file or folder") });
    const missingBot = write("nobot.test.yaml", `bot: ./nope.bot\ntests:\n  - name: a\n    steps: [{ say: hi }]\n`);
    const r = await runTests([missingBot]);
    expect(r.exitCode).toBe(2);
    expect(r.output).toContain(`${shown(missingBot)}:1:1: bot: "./nope.bot" does not exist`);
    expect(run(passing, "--reporter", "tap").status).toBe(2);
  });

  it("fails when the bot does not compile, showing the diagnostic", async () => {
    write("bad.bot", "+ Hello\n- hi\n");
    const t = write("bad.test.yaml", `bot: ./bad.bot\ntests:\n  - name: a\n    steps: [{ say: hello }]\n`);
    const r = await runTests([t]);
    expect(r.exitCode).toBe(1);
    expect(r.output).toContain("the bot does not compile");
    expect(r.output).toContain("bad.bot:1:");
  });

  it("runs an inline script", async () => {
    const t = write("inline.test.yaml", `script: |\n  + hi\n  - hello\ntests:\n  - name: a\n    steps: [{ say: hi, expect: hello }]\n`);
    expect((await runTests([t])).exitCode).toBe(0);
  });
});

describe("bot test as a process, with macros", () => {
  it("exits when its transcripts are done, once the macro workers are idle", () => {
    const bot = write("macro.bot", `+ add\n- <call>sum 2 3</call>\n\n> object sum javascript\n  return Number(args[0]) + Number(args[1]);\n< object\n`);
    const t = write("macro.test.yaml", `bot: ./${relative(dir, bot)}\ntests:\n  - name: sum\n    steps: [{ say: add, expect: "5" }]\n`);
    // An idle worker holding the event loop kept the process alive after it printed its results.
    const r = spawnSync(process.execPath, [...BOT_SOURCE, "test", t], { encoding: "utf8", timeout: 60_000 });
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("1 passed");
  });
});
