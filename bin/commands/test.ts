/** @module `bot test <files…>`: runs YAML transcript tests against their bots on the local runtime. */
import { handoffConfig } from "../../config/handoff-schema.ts";
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
import { createCoverage, finishCoverage, parseThreshold } from "../../sandbox/local/coverage/index.ts";

export type Reporter = "spec" | "junit";

export function registerTest(program: Command): Command {
  return program
    .command("test")
    .argument("<paths...>", "transcript files or folders")
    .option("--reporter <name>", "spec (readable, default) or junit (XML on stdout)", "spec")
    .option("--coverage", "report which triggers and reply branches the transcripts exercised; write LCOV to coverage/lcov.info")
    .option("--coverage-threshold <percent>", "with coverage: exit 1 when trigger or branch coverage is below this percentage")
    .option("--coverage-dir <dir>", "where lcov.info goes (default coverage)")
    .action(async (paths: string[], options: { reporter: string; coverage?: boolean; coverageThreshold?: string; coverageDir?: string }) => {
      if (options.reporter !== "spec" && options.reporter !== "junit") {
        console.error(`bot test: unknown reporter "${options.reporter}" (use spec or junit)`);
        process.exit(2);
      }
      const threshold = options.coverageThreshold === undefined ? null : parseThreshold(options.coverageThreshold);
      if (options.coverageThreshold !== undefined && threshold === null) {
        console.error(`bot test: --coverage-threshold "${options.coverageThreshold}" must be a percentage from 0 to 100`);
        process.exit(2);
      }
      const coverage =
        options.coverage || threshold !== null || options.coverageDir !== undefined ? { threshold, dir: options.coverageDir ?? "coverage" } : undefined;
      const { output, exitCode, coverageText } = await runTests(paths, {
        reporter: options.reporter,
        color: process.stdout.isTTY === true,
        ...(coverage && { coverage }),
      });
      process.stdout.write(output);
      // JUnit XML owns stdout; the coverage table then goes to stderr.
      if (coverageText) (options.reporter === "junit" ? process.stderr : process.stdout).write(coverageText);
      process.exitCode = exitCode;
    });
}

/** Everything `bot test` does except writing to the terminal, so tests run exactly what users run. */
export async function runTests(
  paths: string[],
  { reporter = "spec", color = false, coverage }: { reporter?: Reporter; color?: boolean; coverage?: { threshold: number | null; dir: string } } = {},
): Promise<{ output: string; exitCode: 0 | 1 | 2; results: FileResult[]; coverageText?: string }> {
  const { files, missing } = findTranscripts(paths);
  if (missing.length > 0 || files.length === 0) {
    const why = missing.length > 0 ? `no such file or folder: ${missing.join(", ")}` : `no transcripts (*.test.yaml) under ${paths.join(", ")}`;
    // No transcripts under a coverage threshold is 0% covered: a failed check (1), not a usage error.
    const belowThreshold = missing.length === 0 && coverage?.threshold != null;
    const note = belowThreshold ? `: coverage is 0%, below the threshold of ${coverage!.threshold}%` : "";
    return { output: `bot test: ${why}${note}\n`, exitCode: belowThreshold ? 1 : 2, results: [] };
  }
  const results: FileResult[] = [];
  const collected = coverage && createCoverage();
  // Every path in the report in the one style: relative to the working folder.
  for (const file of files)
    results.push(await runTranscriptFile(displayPath(file, process.cwd()), loadTranscriptBot, { ...(collected && { coverage: collected }) }));
  const output = reporter === "junit" ? formatJunit(results) : formatSpec(results, { color });
  const exitCode = exitCodeOf(results);
  if (!collected || !coverage) return { output, exitCode, results };
  const outcome = finishCoverage(collected, { ...coverage, cwd: process.cwd() });
  return { output, exitCode: exitCode === 0 && outcome.failed ? 1 : exitCode, results, coverageText: outcome.text };
}

const loadTranscriptBot: BotLoader = async (transcript) => {
  const { source } = transcript;
  if (source.type === "path") {
    const { ir, diagnostics, root, sources } = loadRunnableBot(resolve(transcript.dir, source.path));
    const botConfig = loadBotConfig(root).config;
    const help = helpModeOfConfig(botConfig.runtime);
    const errors = [...formatErrors(diagnostics, sources, root), ...help.errors];
    return errors.length ? { ok: false, errors } : { ok: true, ir, root, help: help.mode, handoff: handoffConfig(botConfig.handoff) };
  }
  // An inline script reports positions as `<transcript>#script`; its media paths start at the transcript's folder.
  const path = `${transcript.file}#script`;
  const { ir, diagnostics } = compile([{ path, text: source.text }]);
  const errors = formatErrors(diagnostics, [{ path, text: source.text }], transcript.dir);
  return errors.length ? { ok: false, errors } : { ok: true, ir, root: transcript.dir };
};
