/** @module `bot test <files…>`: runs YAML transcript tests against their bots on the local runtime. */
import { resolve } from "node:path";
import { displayPath } from "../../compiler/diagnostics/paths.ts";
import type { Command } from "commander";
import { compile } from "../../compiler/index.ts";
import { loadRunnableBot } from "../load-bot.ts";
import { loadConfig as loadBotConfig } from "../../runtime/bot-config.ts";
import { helpModeOfConfig } from "../../sms/keywords/index.ts";
import { formatErrors } from "../../sandbox/local/diagnostics.ts";
import { findTranscripts, runTranscriptFile, type BotLoader } from "../../sandbox/local/transcript/files.ts";
import { exitCodeOf, formatJunit, formatSpec, type FileResult } from "../../sandbox/local/transcript/report.ts";

export type Reporter = "spec" | "junit";

export function registerTest(program: Command): Command {
  return program
    .command("test")
    .argument("<paths...>", "transcript files or folders")
    .option("--reporter <name>", "spec (readable, default) or junit (XML on stdout)", "spec")
    .action(async (paths: string[], options: { reporter: string }) => {
      if (options.reporter !== "spec" && options.reporter !== "junit") {
        console.error(`bot test: unknown reporter "${options.reporter}" (use spec or junit)`);
        process.exit(2);
      }
      const { output, exitCode } = await runTests(paths, { reporter: options.reporter, color: process.stdout.isTTY === true });
      process.stdout.write(output);
      process.exitCode = exitCode;
    });
}

/** Everything `bot test` does except writing to the terminal, so tests run exactly what users run. */
export async function runTests(
  paths: string[],
  { reporter = "spec", color = false }: { reporter?: Reporter; color?: boolean } = {},
): Promise<{ output: string; exitCode: 0 | 1 | 2; results: FileResult[] }> {
  const { files, missing } = findTranscripts(paths);
  if (missing.length > 0 || files.length === 0) {
    const why = missing.length > 0 ? `no such file or folder: ${missing.join(", ")}` : `no transcripts (*.test.yaml) under ${paths.join(", ")}`;
    return { output: `bot test: ${why}\n`, exitCode: 2, results: [] };
  }
  const results: FileResult[] = [];
  // Every path in the report in the one style: relative to the working folder.
  for (const file of files) results.push(await runTranscriptFile(displayPath(file, process.cwd()), loadTranscriptBot));
  const output = reporter === "junit" ? formatJunit(results) : formatSpec(results, { color });
  return { output, exitCode: exitCodeOf(results), results };
}

const loadTranscriptBot: BotLoader = async (transcript) => {
  const { source } = transcript;
  if (source.type === "path") {
    const { ir, diagnostics, root, sources } = loadRunnableBot(resolve(transcript.dir, source.path));
    const help = helpModeOfConfig(loadBotConfig(root).config.runtime);
    const errors = [...formatErrors(diagnostics, sources, root), ...help.errors];
    return errors.length ? { ok: false, errors } : { ok: true, ir, root, help: help.mode };
  }
  // An inline script reports positions as `<transcript>#script`; its media paths start at the transcript's folder.
  const path = `${transcript.file}#script`;
  const { ir, diagnostics } = compile([{ path, text: source.text }]);
  const errors = formatErrors(diagnostics, [{ path, text: source.text }], transcript.dir);
  return errors.length ? { ok: false, errors } : { ok: true, ir, root: transcript.dir };
};
