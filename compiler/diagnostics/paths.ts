/**
 * @module The one path style of every diagnostic and CLI line: relative to the working folder, with `/`
 * between folders, as ESLint and tsc print them (`bot.bot:2:5` in the bot's folder, `shop/bot.bot:2:5` above
 * it, `../shop/bot.bot:2:5` beside it). Pure: callers pass the working folder.
 */
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { Diagnostic } from "./types.ts";

/**
 * `file` as shown from `cwd`. A relative `file` is relative to `base` (a bot folder, as compiler spans are);
 * a `#part` suffix (`cases.test.yaml#script`, an inline script) is kept.
 */
export function displayPath(file: string, cwd: string, base: string = cwd): string {
  const hash = file.indexOf("#");
  const path = hash === -1 ? file : file.slice(0, hash);
  const suffix = hash === -1 ? "" : file.slice(hash);
  if (path === "") return file;
  const absolute = isAbsolute(path) ? path : resolve(base, path);
  const shown = relative(cwd, absolute) || ".";
  return shown.split(sep).join("/") + suffix;
}

/** The diagnostics with their spans' files in the one path style (fix edits keep their positions). */
export function withDisplayPaths(diagnostics: readonly Diagnostic[], cwd: string, base: string = cwd): Diagnostic[] {
  return diagnostics.map((d) => ({ ...d, span: { ...d.span, file: displayPath(d.span.file, cwd, base) } }));
}
