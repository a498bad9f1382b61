/** @module docs/language.md's tag and direction tables are exactly editor/language-table.ts, row by row. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { entryFor, languageTable } from "../../editor/language-table.ts";

const doc = readFileSync(new URL("../../docs/language.md", import.meta.url), "utf8");

/** Rows of the Markdown table right after `heading`, as [first cell, second cell]. */
function tableRows(heading: string): [string, string][] {
  const section = doc.slice(doc.indexOf(heading));
  const lines = section.split("\n");
  const start = lines.findIndex((l) => l.startsWith("|"));
  const rows: [string, string][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    // Cells split on `|` not escaped as `\|`.
    const cells = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim());
    rows.push([cells[0]!, cells[1]!]);
  }
  return rows;
}

describe("the language table", () => {
  it("is the docs' Tags table followed by its Directions and shortcodes table", () => {
    const docs = [...tableRows("### Tags"), ...tableRows("### Dexter directions and shortcodes")];
    expect(docs.length).toBeGreaterThan(20);
    expect(languageTable.map((e) => [e.syntax, e.meaning])).toEqual(docs);
  });

  it("finds the row for a name the parser knows", () => {
    expect(entryFor("delay")?.syntax).toBe("`<delay seconds=N>`");
    expect(entryFor("star3")?.names).toContain("botstar");
    expect(entryFor("image")?.kind).toBe("shortcode");
    expect(entryFor("nonsense")).toBeUndefined();
  });
});
