/** @module `bot compile <file|dir> [-o out.json] [--pretty]`: compile, print diagnostics with code frames, write the IR (compact JSON; indented with --pretty). */
import { otherProjectNotes } from "../nested-projects.ts";
import { diagnosticDocsLink } from "../../sandbox/local/docs-link.ts";
import { writeFileSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import type { Command } from "commander";
import { formatDiagnostic } from "../../compiler/diagnostics/format.ts";
import type { Diagnostic } from "../../compiler/diagnostics/types.ts";
import { displayPath } from "../../compiler/diagnostics/paths.ts";
import { BotLoadError, loadRunnableBot, type BotSource } from "../load-bot.ts";

export function registerCompile(program: Command): Command {
  return program
    .command("compile")
    .argument("<path>", "a .bot or .rive file, or a folder of them")
    .option("-o, --out <file>", "write the compiled IR (JSON) to this file")
    .option("--pretty", "indent the JSON written with -o, for reading (default: compact)")
    .action((path: string, opts: { out?: string; pretty?: boolean }) => {
      process.exitCode = runCompile(path, opts.out, { pretty: opts.pretty === true });
    });
}

/** Returns the exit code: 0 clean (warnings allowed), 1 any error, 2 unusable path. */
export function runCompile(path: string, out: string | undefined, { pretty = false }: { pretty?: boolean } = {}): number {
  let bot;
  try {
    bot = loadRunnableBot(path);
  } catch (error) {
    if (!(error instanceof BotLoadError)) throw error;
    console.error(`bot compile: ${error.message}`);
    return 2;
  }
  for (const note of otherProjectNotes(bot.otherProjects)) console.error(note);
  console.log(renderDiagnostics(bot.diagnostics, bot.sources, bot.root));
  const errors = bot.diagnostics.filter((d) => d.severity === "error").length;
  if (out && errors === 0) {
    try {
      // Where the sources are, seen from the file: `bot run` checks them there for changes since this compile.
      const root =
        relative(dirname(resolve(out)), bot.root)
          .split(sep)
          .join("/") || ".";
      const ir = { ...bot.ir, sources: { ...bot.ir.sources, root } };
      // Compact by default: indentation was more than half of the bytes, and `bot run` only parses it.
      writeFileSync(out, `${pretty ? JSON.stringify(ir, null, 2) : JSON.stringify(ir)}\n`);
    } catch (error) {
      console.error(`bot compile: cannot write ${out}: ${error instanceof Error ? error.message : String(error)}`);
      return 2;
    }
    console.log(`wrote ${out}`);
  } else if (out) {
    console.log(`not writing ${out}: the bot has errors`);
  }
  return errors > 0 ? 1 : 0;
}

/** Diagnostics with code frames; `root` is the bot folder the spans' relative paths start from (shown from the working folder). */
export function renderDiagnostics(diagnostics: Diagnostic[], sources: BotSource[], root: string, cwd: string = process.cwd()): string {
  const texts = new Map(sources.map((s) => [s.path, s.text]));
  // Each ends with its docs page (docs/diagnostics/ of this installation), as the language server links it.
  const docs = diagnosticDocsLink(cwd);
  const lines = diagnostics.map((d) =>
    formatDiagnostic({ ...d, span: { ...d.span, file: displayPath(d.span.file, cwd, root) } }, texts.get(d.span.file), docs),
  );
  const count = (severity: string): number => diagnostics.filter((d) => d.severity === severity).length;
  const files = sources.length;
  const where = files === 0 ? "(compiled IR)" : `in ${files} file${files === 1 ? "" : "s"}`;
  lines.push(`${count("error")} error(s), ${count("warning")} warning(s) ${where}`);
  return lines.join("\n\n");
}
