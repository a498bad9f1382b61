/** @module `bot fmt [--check] <paths…>`: rewrite `.bot`/`.rive` files in canonical layout, or list the ones that are not. */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { Command } from "commander";
import { formatBot } from "../../editor/format.ts";

interface FmtOptions {
  check?: boolean;
}

export function registerFmt(program: Command): Command {
  return program
    .command("fmt")
    .argument("<paths...>", ".bot or .rive files, or folders holding them (searched recursively)")
    .option("--check", "change nothing; list the files that are not formatted and exit 1 if there are any")
    .action((paths: string[], options: FmtOptions) => {
      process.exitCode = runFmt(
        paths,
        options,
        (s) => process.stdout.write(s),
        (s) => process.stderr.write(s),
      );
    });
}

/** Returns the exit code: 0 formatted (or all already formatted), 1 `--check` found unformatted files, 2 bad path. */
export function runFmt(paths: string[], options: FmtOptions, out: (s: string) => void, err: (s: string) => void): number {
  const files: string[] = [];
  for (const path of paths) {
    try {
      files.push(...scriptFiles(path));
    } catch (error) {
      err(`bot fmt: ${path}: ${describe(error)}\n`);
      return 2;
    }
  }
  if (files.length === 0) {
    err(`bot fmt: no .bot or .rive files in ${paths.join(", ")}\n`);
    return 2;
  }
  let unformatted = 0;
  for (const file of files) {
    const shown = relative(process.cwd(), file) || file;
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      err(`bot fmt: ${shown}: ${describe(error)}\n`);
      return 2;
    }
    const formatted = formatBot(text);
    if (formatted === text) continue;
    unformatted++;
    if (options.check) {
      out(`${shown}\n`);
      continue;
    }
    try {
      writeFileSync(file, formatted);
    } catch (error) {
      err(`bot fmt: cannot write ${shown}: ${describe(error)}\n`);
      return 2;
    }
    out(`formatted ${shown}\n`);
  }
  if (options.check && unformatted > 0) {
    err(`bot fmt: ${unformatted} of ${files.length} file(s) not formatted; run \`bot fmt ${paths.join(" ")}\` to fix\n`);
    return 1;
  }
  return 0;
}

/** A file as given (any extension), or every `.bot`/`.rive` file under a folder, sorted. */
function scriptFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  const found: string[] = [];
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith(".") && entry.name !== "node_modules") found.push(...scriptFiles(full));
    else if (entry.isFile() && /\.(bot|rive)$/.test(entry.name)) found.push(full);
  }
  return found.sort();
}

function describe(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === "ENOENT") return "no such file or folder";
  if (code === "EACCES") return "permission denied";
  return error instanceof Error ? error.message : String(error);
}
