/** @module The formatter keeps meaning (same IR, same diagnostic codes) and is idempotent, on generated and messed-up scripts. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compile } from "../../compiler/index.ts";
import { formatBot } from "../../editor/format.ts";
import { commandLines, validScript } from "../compiler/arbitraries.ts";

const seed = 20261201;

/** The IR without source positions, which formatting is allowed to move. */
function meaning(text: string): { ir: string; codes: string[] } {
  const { ir, diagnostics } = compile([{ path: "p.bot", text }]);
  // Spans and the record of the source text (its hash) change with the layout; the meaning does not.
  const json = JSON.stringify({ ...ir, sources: undefined }, (key, value: unknown) => (key === "span" ? undefined : value));
  return { ir: json, codes: diagnostics.map((d) => d.code).sort() };
}

/** Blanks the parser ignores, scattered over a script: indentation, no blank after the command, trailing blanks, blank lines. */
const messedUp = (script: string) =>
  fc.array(fc.constantFrom("indent", "tight", "trailing", "blank", "tab", "keep", "keep", "keep"), { minLength: 1, maxLength: 400 }).map((moves) => {
    const lines = script.split("\n");
    // Object code and block comments are kept as written, so they are left alone here too.
    let inObject = false;
    let inComment = false;
    return lines
      .map((line, i) => {
        if (/^> object/.test(line)) inObject = true;
        if (/^\/\*/.test(line)) inComment = true;
        if (inObject || inComment) {
          if (/^< object/.test(line)) inObject = false;
          if (line.includes("*/")) inComment = false;
          return line;
        }
        const move = moves[i % moves.length]!;
        if (move === "indent") return `   ${line}`;
        if (move === "tab") return `\t${line}`;
        if (move === "trailing") return `${line}  \t`;
        if (move === "blank") return `${line}\n\n  \n`;
        // `^ text` → `^text` would make `^ image(s)` a shortcode; only drop the blank after other commands.
        if (move === "tight" && /^[+\-*@%!$#] \S/.test(line) && !/^[+\-*@%!$#] \/\//.test(line)) return line.charAt(0) + line.slice(2);
        return line;
      })
      .join("\n");
  });

describe("formatBot (fast-check, seed " + seed + ")", () => {
  it("keeps a generated script's IR and diagnostics, and a second pass changes nothing (300 runs)", () => {
    fc.assert(
      fc.property(validScript, (text) => {
        const once = formatBot(text);
        expect(meaning(once)).toEqual(meaning(text));
        expect(formatBot(once)).toBe(once);
      }),
      { seed, numRuns: 300 },
    );
  }, 120_000);

  it("restores the same IR from a script with scattered indentation, tight commands, trailing blanks and blank lines (300 runs)", () => {
    fc.assert(
      fc.property(
        validScript.chain((text) => messedUp(text).map((messy) => ({ text, messy }))),
        ({ text, messy }) => {
          const once = formatBot(messy);
          expect(meaning(once)).toEqual(meaning(text));
          expect(formatBot(once)).toBe(once);
          expect(once).not.toMatch(/[ \t]$/m);
          expect(once).not.toMatch(/\n\n\n/);
        },
      ),
      { seed, numRuns: 300 },
    );
  }, 120_000);

  it("on arbitrary command lines: same diagnostics and IR, idempotent (1000 runs)", () => {
    fc.assert(
      fc.property(commandLines, (text) => {
        const once = formatBot(text);
        expect(meaning(once)).toEqual(meaning(text));
        expect(formatBot(once)).toBe(once);
      }),
      { seed, numRuns: 1000 },
    );
  }, 120_000);
});
