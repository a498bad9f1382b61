/**
 * @module Where a diagnostic code's docs page is, for the terminal: `docs/diagnostics/CODE.md` of this installation
 * (the installed package ships docs/; a checkout has them too), shown from the working folder. The language server
 * links the same pages (editor/server.ts).
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { displayPath } from "../../compiler/diagnostics/paths.ts";

/** A function from a code to its page's path (from `cwd`), or null when this installation has no page for it. */
export function diagnosticDocsLink(cwd: string = process.cwd()): (code: string) => string | null {
  let dir: string | null = null;
  try {
    dir = join(dirname(createRequire(import.meta.url).resolve("dexter-bot/package.json")), "docs", "diagnostics");
  } catch {
    dir = null;
  }
  return (code) => {
    if (dir === null || !/^[A-Z]{3}\d{3}$/.test(code)) return null;
    const page = join(dir, `${code}.md`);
    return existsSync(page) ? displayPath(page, cwd) : null;
  };
}
