/** @module Runs transcript files: finds them, loads each one's bot through an injected loader, runs every case. */
import type { HandoffConfig } from "../../../config/handoff-schema.ts";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { BotIR } from "../../../compiler/ir/types.ts";
import { loadTranscript } from "./load.ts";
import { runTestCase } from "./run.ts";
import type { FileResult } from "./report.ts";
import type { Transcript } from "./types.ts";
import type { HelpMode } from "../../../sms/keywords/index.ts";
import type { Coverage } from "../coverage/collect.ts";

/** A compiled bot (with its bot.config.yaml `runtime.help`, if set), or the formatted reasons it did not compile. */
export type LoadedBot =
  /** `handoff`: bot.config.yaml's `handoff:` section (return topic, keywords; docs/handoff.md). */
  { ok: true; ir: BotIR; root: string; help?: HelpMode | null; handoff?: HandoffConfig } | { ok: false; errors: string[] };

/** Compiles the bot a transcript names (`bot:` path relative to `transcript.dir`, or the inline `script:`). */
export type BotLoader = (transcript: Transcript) => Promise<LoadedBot>;

const TRANSCRIPT = /\.test\.ya?ml$/;

/** Expands folders into the transcripts under them (sorted); files are taken as given. Missing paths are returned apart. */
export function findTranscripts(paths: string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name === "node_modules" || name.startsWith(".")) continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (TRANSCRIPT.test(name)) files.push(full);
    }
  };
  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      missing.push(path);
      continue;
    }
    if (isDir) walk(path);
    else files.push(path);
  }
  return { files, missing };
}

/** `coverage` counts the triggers and branches the cases exercise (`bot test --coverage`). */
export async function runTranscriptFile(file: string, loadBot: BotLoader, options: { coverage?: Coverage } = {}): Promise<FileResult> {
  const loaded = loadTranscript(file);
  if (!loaded.ok) return { file, errors: loaded.errors, botErrors: [], cases: [] };
  const transcript = loaded.transcript;
  const { source } = transcript;
  if (source.type === "path" && !existsSync(resolve(transcript.dir, source.path))) {
    const message = `bot: "${source.path}" does not exist (paths are relative to the transcript's folder ${transcript.dir})`;
    return { file, errors: [{ file, line: source.line, column: 1, message }], botErrors: [], cases: [] };
  }
  let bot: LoadedBot;
  try {
    bot = await loadBot(transcript);
  } catch (error) {
    bot = { ok: false, errors: [`${file}:${transcript.source.line}: cannot load the bot: ${(error as Error).message}`] };
  }
  if (!bot.ok) return { file, errors: [], botErrors: bot.errors, cases: [] };
  const cases = [];
  // The transcript's `help:` wins over the bot's own `runtime.help`; the environment (BOT_HELP) plays no part.
  const help = transcript.help ?? bot.help ?? "twilio";
  const covered = options.coverage?.addBot(bot.ir, bot.root);
  for (const test of transcript.tests)
    cases.push(
      await runTestCase(bot.ir, bot.root, test, {
        help,
        ...(bot.handoff && { handoff: bot.handoff }),
        ...(covered && { onStep: (r) => covered.hit(r.path ?? []) }),
      }),
    );
  return { file, errors: [], botErrors: [], cases };
}
