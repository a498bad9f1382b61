/** @module bin/load-bot.ts and `bot compile` against real files and a real child process. */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { BotLoadError, loadBot, readBotSources } from "../../bin/load-bot.ts";
import { runCompile } from "../../bin/commands/compile.ts";
import { BOT_SOURCE } from "../support/cli.ts";

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "bot-load-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function bot(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...BOT_SOURCE, ...args], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("readBotSources / loadBot", () => {
  it("reads every .bot file of a folder recursively, sorted, with root-relative / paths", () => {
    const dir = folder({ "z.bot": "+ z\n- z\n", "a/b.bot": "+ b\n- b\n", "a/notes.txt": "x", "m.bot": "+ m\n- m\n" });
    const { root, sources } = readBotSources(dir);
    expect(root).toBe(dir);
    expect(sources.map((s) => s.path)).toEqual(["a/b.bot", "m.bot", "z.bot"]);
    expect(loadBot(dir).ir.files).toEqual(["a/b.bot", "m.bot", "z.bot"]);
  });

  it("reads one file with its folder as the root", () => {
    const dir = folder({ "one.bot": "+ hi\n- hello\n" });
    const loaded = loadBot(join(dir, "one.bot"));
    expect([loaded.root, loaded.sources.map((s) => s.path), loaded.diagnostics]).toEqual([dir, ["one.bot"], []]);
  });

  it("loads compiled IR and refuses invalid IR or another irVersion with a clear error", () => {
    const dir = folder({ "one.bot": "+ hi\n- hello\n" });
    const ir = loadBot(join(dir, "one.bot")).ir;
    writeFileSync(join(dir, "ok.json"), JSON.stringify(ir));
    writeFileSync(join(dir, "old.json"), JSON.stringify({ ...ir, irVersion: 0 }));
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ ...ir, triggers: [{ id: "x" }] }));
    writeFileSync(join(dir, "junk.json"), "{ not json");
    expect(loadBot(join(dir, "ok.json")).ir).toEqual(ir);
    expect(() => loadBot(join(dir, "old.json"))).toThrow(/irVersion is 0/);
    expect(() => loadBot(join(dir, "bad.json"))).toThrow(/\/triggers\/0/);
    expect(() => loadBot(join(dir, "junk.json"))).toThrow(BotLoadError);
  });

  it("skips hidden folders (a sandbox's .bot/ database folder, .git/) and node_modules, and never reads a folder named *.bot", () => {
    const dir = folder({
      "faq.bot": "+ hi\n- hello\n",
      ".bot/bot.db": "not a script",
      ".bot/inner.bot": "+ broken [\n",
      ".git/x.bot": "+ broken [\n",
      "node_modules/dep/y.bot": "+ broken [\n",
      "menus.bot/readme.txt": "a folder with a .bot name",
      "menus.bot/real.bot": "+ menu\n- the menu\n",
    });
    expect(readBotSources(dir).sources.map((s) => s.path)).toEqual(["faq.bot", "menus.bot/real.bot"]);
    expect(loadBot(dir).diagnostics).toEqual([]);
  });

  it("refuses a missing path and a folder without .bot files", () => {
    expect(() => loadBot("/nonexistent/bot")).toThrow(/no such file or folder/);
    expect(() => loadBot(folder({ "readme.md": "x" }))).toThrow(/no \.bot or \.rive files/);
  });
});

/** Runs the command's action in-process and captures what it prints. */
function compileInProcess(path: string, out?: string): { code: number; stdout: string; stderr: string } {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  const error = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    const code = runCompile(path, out);
    return { code, stdout: log.mock.calls.map((c) => c.join(" ")).join("\n"), stderr: error.mock.calls.map((c) => c.join(" ")).join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe("bot compile", () => {
  it("exits 0 on a clean bot and writes the IR with -o, which compiles again", () => {
    const dir = folder({ "bot.bot": "+ hi\n- hello\n" });
    const out = join(dir, "out.json");
    const r = compileInProcess(dir, out);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("0 error(s), 0 warning(s) in 1 file");
    expect(JSON.parse(readFileSync(out, "utf8")).irVersion).toBe(2);
    expect(compileInProcess(out).code).toBe(0);
  });

  it("exits 0 with warnings only, and does not write IR when there are errors", () => {
    const dir = folder({ "warn.bot": "! local concat = tab\n+ hi\n- hello\n", "bad/x.bot": "+ Hi\n- x\n" });
    const warn = compileInProcess(join(dir, "warn.bot"));
    expect([warn.code, warn.stdout.includes("BOT109")]).toEqual([0, true]);
    const bad = compileInProcess(join(dir, "bad"), join(dir, "never.json"));
    expect([bad.code, bad.stdout.includes("not writing")]).toEqual([1, true]);
  });

  it("also runs the error-class lint rules: a 1,700-character reply and a {topic=} to no topic fail the compile", () => {
    const long = "x".repeat(1700);
    const dir = folder({ "bot.bot": `+ long\n- ${long}\n\n+ go\n- ok {topic=nowhere}\n\n+ *\n- ?\n` });
    const r = compileInProcess(dir, join(dir, "never.json"));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/bot\.bot:2:\d+ SMS003 /);
    expect(r.stdout).toMatch(/bot\.bot:5:\d+ BOT201 /);
    expect(r.stdout).toContain("not writing");
  });

  it("reads bot.config.yaml beside the bot: a broken config is an error naming its line", () => {
    const dir = folder({ "bot.bot": "+ hi\n- hello\n\n+ *\n- ?\n", "bot.config.yaml": "lint:\n  segmentLimt: 2\n" });
    const r = compileInProcess(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/bot\.config\.yaml:2:\d+ BOT290 .*segmentLimt/);
  });

  it("exits 2 on a missing path, with the reason on stderr", () => {
    const r = compileInProcess("/nonexistent.bot");
    expect([r.code, r.stderr]).toEqual([2, "bot compile: /nonexistent.bot: no such file or folder"]);
  });

  it("as a process: exit 1 with file:line:col CODE message and a code frame; exit 2 without a path", () => {
    const dir = folder({ "bot.bot": "+ hi\n- wait<delay seconds=2> x\n" });
    const r = bot("compile", dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      "bot.bot:2:7 BOT102 `<delay>` needs whitespace or the line edge on both sides\n2 | - wait<delay seconds=2> x\n  |       ^^^^^^^^^^^^^^^^^",
    );
    expect(r.stdout).toContain("1 error(s), 0 warning(s) in 1 file");
    expect(bot("compile").status).toBe(2);
  });
});
