/**
 * Nested projects (issue 27, item 6): `bot init newproj` inside a bot project made the parent's `bot lint .` load
 * newproj/hello.bot too (12 BOT203 warnings). A sub-folder with its own package.json or bot.config.yaml is now
 * another project: left out with a note line, unless the parent's bot.config.yaml lists it under `include:`.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { loadBot } from "../../bin/load-bot.ts";
import { BOT_SOURCE } from "../support/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "bot-nested-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, "main.bot"), "+ hello\n- Hi from the parent!\n\n+ *\n- Sorry?\n");
const bot = (...args: string[]) =>
  spawnSync(process.execPath, [...BOT_SOURCE, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

it("bot init newproj inside a bot: the parent's bot lint . leaves it out and says so in a note line", () => {
  expect(bot("init", "newproj").status).toBe(0);
  const lint = bot("lint", ".");
  expect(lint.stdout).toBe("");
  expect(lint.stderr).toBe(
    "note: newproj/ has its own package.json: another project, not loaded into this bot (list it under include: in bot.config.yaml to load it)\n",
  );
  expect(lint.status).toBe(0);
  expect(loadBot(dir).sources.map((s) => s.path)).toEqual(["main.bot"]);
  // The nested project is still a bot of its own.
  expect(bot("lint", "newproj").status).toBe(0);
});

it("a sub-folder with only a bot.config.yaml is another project too; a plain sub-folder is part of the bot", () => {
  mkdirSync(join(dir, "other"));
  writeFileSync(join(dir, "other/bot.config.yaml"), "lint: {}\n");
  writeFileSync(join(dir, "other/x.bot"), "+ x\n- x\n");
  mkdirSync(join(dir, "topics"));
  writeFileSync(join(dir, "topics/sales.bot"), "+ price\n- $5\n");
  const loaded = loadBot(dir);
  expect(loaded.sources.map((s) => s.path)).toEqual(["main.bot", "topics/sales.bot"]);
  expect(loaded.otherProjects?.map((p) => [p.folder.slice(dir.length + 1), p.marker])).toEqual([
    ["newproj", "package.json"],
    ["other", "bot.config.yaml"],
  ]);
});

it("include: in the parent's bot.config.yaml loads it all the same", () => {
  writeFileSync(join(dir, "bot.config.yaml"), "include:\n  - other/\n");
  const loaded = loadBot(dir);
  expect(loaded.sources.map((s) => s.path)).toEqual(["main.bot", "other/x.bot", "topics/sales.bot"]);
  expect(loaded.otherProjects?.map((p) => p.folder.slice(dir.length + 1))).toEqual(["newproj"]);
});
