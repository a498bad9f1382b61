/** @module Every command that takes a bot reads `.rive` files as well as `.bot` files, in the same load order (real child processes). */
import { openDatabase } from "../../runtime/store/index.ts";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readBotSources } from "../../bin/load-bot.ts";
import { BOT_SOURCE } from "../support/cli.ts";

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "bot-rive-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function bot(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [...BOT_SOURCE, ...args], { encoding: "utf8", input, env: { ...process.env, NO_COLOR: "1" } });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

// The nested-name conversation of rivescript's own clients.rive, in a brain folder as rivescript users keep it.
const BRAIN = {
  "begin.rive": "! version = 2.0\n! var name = Aiden\n",
  "clients.rive":
    "+ my favorite * is *\n- <set fav<star1>=<star2>>Why is it your favorite?\n\n+ what is my favorite *\n- Your favorite <star> is <get fav<star>>.\n",
  "sub/zz.bot": "+ who are you\n- I am <bot name>.\n\n+ *\n- I do not know.\n",
  "notes.txt": "+ not a source file\n- never loaded\n",
};

describe(".rive files", { timeout: 120_000 }, () => {
  const dir = folder(BRAIN);

  it("are read with .bot files, sorted by path whatever the extension", () => {
    expect(readBotSources(dir).sources.map((s) => s.path)).toEqual(["begin.rive", "clients.rive", "sub/zz.bot"]);
  });

  it("bot compile and bot lint read them", () => {
    const compiled = bot(["compile", dir]);
    expect([compiled.status, compiled.out.trim().split("\n").pop()]).toEqual([0, "0 error(s), 0 warning(s) in 3 files"]);
    const linted = bot(["lint", dir, "--format", "json"]);
    expect(linted.status).toBe(0);
    const single = bot(["compile", join(dir, "clients.rive")]);
    expect(single.status).toBe(0);
  });

  it("bot chat answers the nested-name conversation as rivescript does", () => {
    const chat = bot(
      ["chat", dir, "--jsonl"],
      ["my favorite color is blue", "what is my favorite color", "who are you"].map((body) => JSON.stringify({ from: "+15550001111", body })).join("\n") + "\n",
    );
    expect(chat.status).toBe(0);
    const bodies = chat.out
      .trim()
      .split("\n")
      .map((line) => (JSON.parse(line) as { body: string }).body);
    expect(bodies).toEqual(["Why is it your favorite?", "Your favorite color is blue.", "I am Aiden."]);
  });

  it("bot test runs a transcript against a folder of .rive files", () => {
    writeFileSync(
      join(dir, "brain.test.yaml"),
      `bot: .\ntests:\n  - name: favorites\n    steps:\n      - say: my favorite color is blue\n        expect: Why is it your favorite?\n      - say: what is my favorite color\n        expect: Your favorite color is blue.\n`,
    );
    const tested = bot(["test", join(dir, "brain.test.yaml")]);
    expect([tested.status, tested.out]).toEqual([0, expect.stringContaining("favorites")]);
  });

  it("bot run and bot broadcast load them: a .rive error stops them with its position, not 'no .bot files'", () => {
    const broken = folder({ "brain.rive": "+ Hello\n- hi\n" });
    for (const command of ["run", "broadcast"]) {
      const r = bot([command, broken, ...(command === "broadcast" ? ["--list"] : [])]);
      expect([command, r.status]).toEqual([command, 1]);
      expect(r.err).toContain("brain.rive:1:3");
      expect(r.err).not.toContain("no .bot");
    }
    // --list only reads: the database must exist (bot run creates it).
    openDatabase(join(dir, "state.db")).close();
    const listed = bot(["broadcast", dir, "--list", "--db", join(dir, "state.db")]);
    expect([listed.status, listed.err]).toEqual([0, ""]);
  });

  it("a folder with neither says so", () => {
    const empty = folder({ "readme.md": "# nothing\n" });
    const r = bot(["compile", empty]);
    expect([r.status, r.err.trim()]).toEqual([2, `bot compile: ${empty}: no .bot or .rive files in this folder`]);
  });
});
