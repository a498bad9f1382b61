/** @module `bot --help` and `--version` load no command: each command's help line comes from bin/commands/index.ts and matches what its file registers. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../bin/commands/index.ts";
import { BOT_SOURCE } from "../support/cli.ts";

const bot = (...args: string[]) => spawnSync(process.execPath, [...BOT_SOURCE, ...args], { encoding: "utf8", timeout: 60_000 });
const packageJson = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

/** Static imports that execute code (not `import type`) of a source file. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(new URL(file, import.meta.url), "utf8");
  return [...text.matchAll(/^import (?!type\b)[^;]*?from "([^"]+)";/gms)].map((m) => m[1]!);
}

describe("the command list (bin/commands/index.ts)", () => {
  it.each(Object.entries(COMMANDS))("%s: the help line and description are what its file registers", async (name, entry) => {
    const program = new Command("bot");
    (await entry.load())(program);
    const registered = program.commands.find((c) => c.name() === name);
    expect(registered, `${name} registers a command of that name`).toBeDefined();
    expect(program.createHelp().subcommandTerm(registered!)).toBe(entry.usage);
    expect(registered!.description()).toBe(entry.description);
  });

  it("bin/bot.ts and the list import nothing but commander at start: commands load when they run", () => {
    expect(runtimeImports("../../bin/bot.ts").sort()).toEqual(["./commands/index.ts", "commander", "node:module"]);
    expect(runtimeImports("../../bin/commands/index.ts")).toEqual([]);
  });
});

describe("bot --help, --version, no command, an unknown command (process)", () => {
  it("--help lists every command with its arguments and exits 0", () => {
    const r = bot("--help");
    expect(r.status).toBe(0);
    for (const entry of Object.values(COMMANDS)) expect(r.stdout.replace(/\s+/g, " ")).toContain(`${entry.usage} ${entry.description.split(" ")[0]}`);
  });

  it("--version and -V print the package's version", () => {
    expect([bot("--version").stdout, bot("-V").stdout]).toEqual([`${packageJson.version}\n`, `${packageJson.version}\n`]);
  });

  it("help <command> shows that command's options; an unknown command is bad usage (exit 2) with the list", () => {
    expect(bot("help", "lint").stdout).toContain("--max-warnings <n>");
    const unknown = bot("lnt");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("error: unknown command 'lnt'");
    expect(unknown.stderr).toContain("(Did you mean lint?)");
    expect(unknown.stderr).toContain("compile [options] <path>");
  });
});
