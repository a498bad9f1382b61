/** @module The formatter's layout rules, one case each, and `bot fmt` / `bot fmt --check` on real files. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatBot } from "../../editor/format.ts";
import { runFmt } from "../../bin/commands/fmt.ts";

const cases: [string, string, string][] = [
  ["one blank after the command", "+hello\n-Hi", "+ hello\n- Hi\n"],
  ["indentation and trailing blanks go", "   + hello  \n\t- Hi \t", "+ hello\n- Hi\n"],
  ["a blank line between triggers", "+ a\n- A\n+ b\n- B", "+ a\n- A\n\n+ b\n- B\n"],
  ["runs of blank lines become one", "+ a\n\n\n\n- A", "+ a\n\n- A\n"],
  [
    "comments and directives stay with the trigger below them",
    "+ a\n- A\n// about b\n# bot-ignore SMS001\n+ b\n- B",
    "+ a\n- A\n\n// about b\n# bot-ignore SMS001\n+ b\n- B\n",
  ],
  ["no blank line forced right after a topic opens", "> topic t\n+ a\n- A\n< topic", "> topic t\n+ a\n- A\n< topic\n"],
  ["inline comments keep their alignment", "! var a = 1      // one\n!var bb = 2 // two", "! var a = 1      // one\n! var bb = 2 // two\n"],
  ["a shortcode line keeps `^` glued to its name", '- Menu\n^image("a.png")\n^  more', '- Menu\n^image("a.png")\n^ more\n'],
  ["`^ word(` stays text", "- Menu\n^ image(s) below", "- Menu\n^ image(s) below\n"],
  ["object code is kept as written", "> object f javascript\n    return  1;   \n< object", "> object f javascript\n    return  1;   \n< object\n"],
  ["CRLF files stay CRLF", "+ a\r\n-A\r\n", "+ a\r\n- A\r\n"],
  ["an empty file stays empty", "\n\n  \n", ""],
];

describe("formatBot", () => {
  it.each(cases)("%s", (_name, input, expected) => {
    expect(formatBot(input)).toBe(expected);
    expect(formatBot(expected)).toBe(expected);
  });
});

describe("bot fmt", () => {
  const run = (paths: string[], check: boolean) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = runFmt(
      paths,
      { check },
      (s) => out.push(s),
      (s) => err.push(s),
    );
    return { code, out: out.join(""), err: err.join("") };
  };

  it("--check lists unformatted files and exits 1 without changing them; fmt rewrites them; then --check exits 0", () => {
    const dir = mkdtempSync(join(tmpdir(), "bot-fmt-"));
    writeFileSync(join(dir, "a.bot"), "+hello\n-Hi\n");
    writeFileSync(join(dir, "b.rive"), "+ bye\n- Bye\n");
    const checked = run([dir], true);
    expect(checked.code).toBe(1);
    expect(checked.out).toContain("a.bot");
    expect(checked.out).not.toContain("b.rive");
    expect(readFileSync(join(dir, "a.bot"), "utf8")).toBe("+hello\n-Hi\n");
    expect(run([dir], false).code).toBe(0);
    expect(readFileSync(join(dir, "a.bot"), "utf8")).toBe("+ hello\n- Hi\n");
    expect(run([dir], true)).toMatchObject({ code: 0, out: "" });
  });

  it("the examples are formatted", () => {
    expect(run([new URL("../../examples", import.meta.url).pathname], true)).toMatchObject({ code: 0, out: "" });
  });

  it("a missing path is bad usage (exit 2) with its name", () => {
    const result = run(["/nonexistent/x.bot"], true);
    expect(result.code).toBe(2);
    expect(result.err).toContain("/nonexistent/x.bot: no such file or folder");
  });
});
