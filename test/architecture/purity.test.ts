/** @module The compiler and the engine are pure: no I/O, no clock, no randomness, no console — only the runtime's edges do that. */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const REPO = new URL("../..", import.meta.url).pathname;
const PURE = ["grammar", "compiler", "engine", "sms"];
/** Build-time scripts that write generated files; never imported by the product. */
const SCRIPTS = new Set(["grammar/gen-cst.ts"]);

const FORBIDDEN: [RegExp, string][] = [
  [/from "node:(fs|fs\/promises|net|http|https|child_process|worker_threads|dgram|os)"/, "I/O module"],
  [/\bprocess\.(env|argv|exit|stdout|stderr|cwd)\b/, "process state"],
  [/\bDate\.now\(|new Date\(\)/, "wall clock (inject a Clock)"],
  [/\bMath\.random\(/, "randomness (inject a Random)"],
  [/\bconsole\.(log|error|warn|info|debug)\(/, "console output (return diagnostics or log effects)"],
];

function sources(dir: string): string[] {
  return readdirSync(join(REPO, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

describe("pure layers", () => {
  const files = PURE.flatMap(sources).filter((f) => !SCRIPTS.has(relative(REPO, join(REPO, f))));

  it("covers the compiler, the grammar and the engine", () => {
    expect(files.some((f) => f.startsWith("compiler/1-parse/"))).toBe(true);
    expect(files.some((f) => f.startsWith("engine/"))).toBe(true);
  });

  it.each(FORBIDDEN.map(([pattern, what]) => [what, pattern] as const))("no %s in grammar/, compiler/, engine/ or sms/", (_what, pattern) => {
    const offenders = files.filter((f) =>
      readFileSync(join(REPO, f), "utf8")
        .split("\n")
        .some((line) => !line.trimStart().startsWith("//") && !line.trimStart().startsWith("*") && pattern.test(line)),
    );
    expect(offenders).toEqual([]);
  });
});
