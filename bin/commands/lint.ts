/** @module `bot lint`: compiler diagnostics plus the SMS lint rules, in stylish/json/sarif/github, with CI exit codes. */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import type { Diagnostic, Span } from "../../compiler/diagnostics/types.ts";
import { withDisplayPaths } from "../../compiler/diagnostics/paths.ts";
import type { BotIR, Template } from "../../compiler/ir/types.ts";
import { compileReply } from "../../compiler/index.ts";
import { buildReport, formatters, lint, wholeTextSpan, type MediaInfo } from "../../compiler/lint/index.ts";
import { CONFIG_FILE_NAME, loadConfig, loadConfigFile } from "../../runtime/bot-config.ts";
import { triggerTemplates, walkTemplate, staticText } from "../../compiler/lint/walk.ts";
import { BotLoadError, isBotSourceFile, isSkippedFolder, loadBot } from "../load-bot.ts";
import { otherProjectNotes } from "../nested-projects.ts";
import { createFetcher } from "../../runtime/adapters/fetcher.ts";
import { LOOPBACK_ALLOW } from "../../runtime/adapters/address-guard.ts";
import { parseRuntimeSettings } from "../../runtime/runtime-settings.ts";
import { probeBotFolder } from "../../runtime/media/bot-folder.ts";

interface LintCliOptions {
  format: string;
  maxWarnings?: string;
  config?: string;
  checkRemote?: boolean;
  /** `--check-remote` may reach 127.0.0.1 and ::1 (other private addresses need `runtime.http.allow`). */
  allowLoopbackHttp?: boolean;
  broadcast?: string;
  /** Paths in the output are shown relative to this folder (default: the working folder). */
  cwd?: string;
}

/** How long one HEAD request for `--check-remote` may take. */
const HEAD_TIMEOUT_MS = 5000;

export function registerLint(program: Command): Command {
  return program
    .command("lint")
    .argument("<path>", "a .bot or .rive file, or a folder of them")
    .option("--format <name>", `output format: ${Object.keys(formatters).join(", ")}`, "stylish")
    .option("--max-warnings <n>", "exit 1 when there are more than n warnings")
    .option("--config <file>", "configuration file (default: bot.config.yaml beside the bot)")
    .option("--check-remote", "fetch https media URLs (HEAD) to check size and content type")
    .option("--allow-loopback-http", "let --check-remote reach 127.0.0.1 and ::1; other private addresses need runtime.http.allow")
    .option("--broadcast <file>", "also lint a broadcast body file")
    .action(async (path: string, options: LintCliOptions) => {
      process.exitCode = await runLint(
        path,
        options,
        (text) => process.stdout.write(text),
        (text) => process.stderr.write(text),
      );
    });
}

/** Runs `bot lint` and returns the exit code: 0 clean, 1 errors or too many warnings, 2 bad usage. */
export async function runLint(path: string, options: LintCliOptions, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const formatter = formatters[options.format];
  const maxWarnings = options.maxWarnings === undefined ? Infinity : Number(options.maxWarnings);
  const usage = !formatter
    ? `unknown format "${options.format}" (use ${Object.keys(formatters).join(", ")})`
    : !(maxWarnings === Infinity || (Number.isInteger(maxWarnings) && maxWarnings >= 0))
      ? `--max-warnings must be a whole number ≥ 0, got "${options.maxWarnings}"`
      : !existsSync(path)
        ? `${path}: no such file or folder`
        : options.config !== undefined && !existsSync(options.config)
          ? `--config ${options.config}: no such file`
          : options.broadcast !== undefined && !existsSync(options.broadcast)
            ? `--broadcast ${options.broadcast}: no such file`
            : null;
  if (usage !== null || !formatter) {
    err(`bot lint: ${usage}\n`);
    return 2;
  }

  let roots: string[];
  try {
    roots = botRoots(path);
  } catch (error) {
    err(`bot lint: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (options.broadcast && roots.length > 1) {
    err(`bot lint: --broadcast needs one bot, and ${path} holds ${roots.length}\n`);
    return 2;
  }
  const found: Diagnostic[] = [];
  for (const root of roots) {
    let loaded: ReturnType<typeof loadBot>;
    try {
      loaded = loadBot(root);
    } catch (error) {
      if (!(error instanceof BotLoadError)) throw error;
      err(`bot lint: ${error.message}\n`);
      return 2;
    }
    for (const note of otherProjectNotes(loaded.otherProjects, options.cwd ?? process.cwd())) err(`${note}\n`);
    found.push(...(await lintOne(loaded, options)));
  }
  const report = buildReport(found);
  out(formatter(report));
  return report.errorCount > 0 || report.warningCount > maxWarnings ? 1 : 0;
}

/**
 * The bots under `path`: a file, or a folder holding `.bot`/`.rive` files (or bot.config.yaml) at its top level, is one bot;
 * any other folder (such as `examples/`) is a folder of bots, one per subfolder.
 */
function botRoots(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  const entries = readdirSync(path, { withFileTypes: true });
  if (entries.some((e) => isBotSourceFile(e) || (e.isFile() && e.name === CONFIG_FILE_NAME))) return [path];
  const bots = entries
    .filter((e) => e.isDirectory() && !isSkippedFolder(e.name))
    .map((e) => join(path, e.name))
    .filter(hasBotFiles)
    .sort();
  return bots.length > 0 ? bots : [path];
}

function hasBotFiles(dir: string): boolean {
  return readdirSync(dir, { withFileTypes: true }).some(
    (e) => isBotSourceFile(e) || (e.isDirectory() && !isSkippedFolder(e.name) && hasBotFiles(join(dir, e.name))),
  );
}

/** Compiler diagnostics, config problems and lint findings for one bot, with paths relative to the working folder. */
async function lintOne(loaded: ReturnType<typeof loadBot>, options: LintCliOptions): Promise<Diagnostic[]> {
  const root = loaded.root;
  const configResult = options.config ? { ...loadConfigFile(resolve(options.config)), path: options.config } : loadConfig(root);
  const sources = loaded.sources.map((s) => ({ path: s.path, text: s.text }));
  // The config's own text, so a finding about one of its keys (BOT212) points at the key's line.
  if (configResult.path && existsSync(configResult.path)) sources.push({ path: resolve(configResult.path), text: readFileSync(configResult.path, "utf8") });
  const found: Diagnostic[] = [...loaded.diagnostics, ...configResult.diagnostics];

  let broadcast: { body: Template; span: Span } | undefined;
  if (options.broadcast) {
    const text = readFileSync(options.broadcast, "utf8");
    const file = resolve(options.broadcast);
    const compiled = compileReply(text, file);
    found.push(...compiled.diagnostics);
    sources.push({ path: file, text });
    broadcast = { body: compiled.template, span: wholeTextSpan(file, text) };
  }

  // Remote probes go through the runtime's address guard: a bot's media URL must not reach private addresses
  // from a CI runner either, unless runtime.http.allow (or --allow-loopback-http) opens them.
  const allow = [...parseRuntimeSettings(configResult.config.runtime).settings.http.allow, ...(options.allowLoopbackHttp ? LOOPBACK_ALLOW : [])];
  const probes = await probeAll(mediaUrls(loaded.ir, broadcast?.body), root, options.checkRemote === true ? allow : null);
  found.push(
    ...lint(loaded.ir, {
      config: configResult.config,
      sources,
      probeMedia: (url) => probes.get(url),
      ...(broadcast ? { broadcast } : {}),
    }),
  );
  return withDisplayPaths(found, options.cwd ?? process.cwd(), root);
}

/** Every static media URL or relative path in the bot (and the broadcast body). */
function mediaUrls(ir: BotIR, broadcast: Template | undefined): Set<string> {
  const urls = new Set<string>();
  const visit = (template: Template): void =>
    walkTemplate(template, (part) => {
      const url = part.type === "media" ? staticText(part.url) : null;
      if (url) urls.add(url.trim());
    });
  for (const trigger of ir.triggers) for (const t of triggerTemplates(trigger)) visit(t);
  if (broadcast) visit(broadcast);
  return urls;
}

/** `remoteAllow` null: remote URLs are not probed; else they are, with these non-public addresses allowed. */
async function probeAll(urls: Set<string>, root: string, remoteAllow: readonly string[] | null): Promise<Map<string, MediaInfo>> {
  const probes = new Map<string, MediaInfo>();
  const fetcher = remoteAllow === null ? null : createFetcher({ timeoutMs: HEAD_TIMEOUT_MS, allow: remoteAllow });
  await Promise.all(
    [...urls].map(async (url) => {
      const info = /^https?:\/\//i.test(url) ? (fetcher ? await probeRemote(url, fetcher) : undefined) : probeBotFolder(root, url);
      if (info) probes.set(url, info);
    }),
  );
  return probes;
}

/** HEAD through the guarded fetcher (timeout, address checks on every hop); a failure is a finding, never a crash. */
async function probeRemote(url: string, fetcher: ReturnType<typeof createFetcher>): Promise<MediaInfo> {
  const response = await fetcher({ method: "HEAD", url, headers: {} });
  if (response.status === 0) {
    const why = response.error ?? "no response";
    return { ok: false, reason: /^timed out/.test(why) ? `no answer within ${HEAD_TIMEOUT_MS / 1000} s` : `request failed (${why})` };
  }
  if (response.status < 200 || response.status > 299) return { ok: false, reason: `HEAD answered HTTP ${response.status}` };
  const length = response.headers?.["content-length"];
  return { ok: true, bytes: length !== undefined && /^\d+$/.test(length) ? Number(length) : null, contentType: response.headers?.["content-type"] ?? null };
}
