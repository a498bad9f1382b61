/** @module Tests run the `bot` command from its sources (test/support/cli.ts), not through bin/bot.js and a possibly stale dist/. */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const REPO = new URL("../..", import.meta.url).pathname;
/** The packaging test runs the built command on purpose; the helper and this test only name it. */
const ALLOWED = ["test/package/", "test/support/cli.ts", "test/architecture/cli-entry.test.ts"];

function files(dir: string): string[] {
  return readdirSync(join(REPO, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === "fixtures" ? [] : files(path);
    return /\.(ts|js)$/.test(entry.name) ? [path] : [];
  });
}

describe("how tests start the bot command", () => {
  const tests = [
    ...files("test"),
    ...["grammar", "compiler", "engine", "sms", "config", "editor", "runtime", "sandbox", "bin"].flatMap(files).filter((f) => f.endsWith(".test.ts")),
  ];

  it("finds the test files", () => {
    expect(tests).toContain("test/support/cli.ts");
    expect(tests.length).toBeGreaterThan(50);
  });

  it("no test outside test/package/ names bin/bot.js: spawn process.execPath with BOT_SOURCE from test/support/cli.ts", () => {
    const offenders = tests.filter(
      (f) => !ALLOWED.some((allowed) => f.startsWith(allowed)) && /bin\/bot\.js|"bot\.js"/.test(readFileSync(join(REPO, f), "utf8")),
    );
    expect(offenders.map((f) => relative(".", f))).toEqual([]);
  });
});
