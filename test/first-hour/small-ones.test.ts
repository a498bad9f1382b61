/**
 * The small rough edges of issue 27 (item 7): diagnostics in the terminal end with their docs page, `bot run --help`
 * says DATABASE_URL wins over --db, npm pack's and npm run release's tarballs are ignored by git, and the docs say
 * what the README and docs/postgres.md left out. (The transcript key column is in
 * sandbox/local/transcript/load.test.ts, the broadcast's relative path in sandbox-broadcast.test.ts.)
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, expect, it } from "vitest";
import { BOT_SOURCE } from "../support/cli.ts";

const repo = resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(join(repo, file), "utf8");
const dir = mkdtempSync(join(tmpdir(), "bot-small-ones-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bot = (...args: string[]) =>
  spawnSync(process.execPath, [...BOT_SOURCE, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

it("a diagnostic in the terminal ends with its docs page, a path that exists from the working folder", () => {
  writeFileSync(join(dir, "broken.bot"), "- a reply without a trigger\n");
  for (const command of ["compile", "chat"]) {
    const r = bot(command, "broken.bot");
    const page = /^ {2}= docs: (\S+BOT002\.md)$/m.exec(`${r.stdout}${r.stderr}`)?.[1];
    expect(page, `bot ${command}: ${r.stdout}${r.stderr}`).toBeDefined();
    expect(existsSync(join(dir, page!))).toBe(true);
  }
});

it("bot run --help says DATABASE_URL wins over --db", () => {
  expect(bot("run", "--help").stdout.replace(/\s+/g, " ")).toContain("DATABASE_URL (PostgreSQL) wins over it when set");
});

it(".gitignore keeps npm pack's and npm run release's tarballs out of git", () => {
  const ignored = spawnSync("git", ["check-ignore", "dexter-bot-0.1.0.tgz", "release/dexter-bot-0.1.0.tgz.sha256"], { cwd: repo, encoding: "utf8" });
  expect(ignored.stdout.trim().split("\n")).toEqual(["dexter-bot-0.1.0.tgz", "release/dexter-bot-0.1.0.tgz.sha256"]);
});

it("the README says what npm test needs for the PostgreSQL and browser tests; docs/postgres.md's setup and password rules hold", () => {
  const readme = read("README.md").replace(/\s+/g, " ");
  expect(readme).toMatch(/`npm test` runs the PostgreSQL tests only when `TEST_DATABASE_URL`/);
  expect(readme).toMatch(/browser tests \(dashboard, phone simulator\) only when Chromium is installed/);
  const postgres = read("docs/postgres.md");
  expect(postgres).toContain("sudo -u postgres createuser --pwprompt mybot");
  expect(postgres).not.toContain("unencoded `@`, `:` or `/`");
  expect(postgres.replace(/\s+/g, " ")).toContain("`postgres://user:p@ss@host/db` logs in with `p@ss`");
});
