/** @module The text of docs/diagnostics/BOTxxx.md, built from the catalog and the tested examples in diagnostic-cases.ts. */
import { compile } from "../../compiler/index.ts";
import { syntaxEntries } from "../../compiler/diagnostics/catalog/syntax.ts";
import { semanticEntries } from "../../compiler/diagnostics/catalog/semantics.ts";
import { formatDiagnostic } from "../../compiler/diagnostics/format.ts";
import { diagnosticCases } from "./diagnostic-cases.ts";

export function diagnosticDocs(): Map<string, string> {
  const docs = new Map<string, string>();
  for (const entry of [...syntaxEntries, ...semanticEntries]) {
    const c = diagnosticCases.find((x) => x.code === entry.code);
    const lines = [
      `# ${entry.code}: ${entry.name}`,
      "",
      `Severity: **${entry.severity}**${entry.severity === "error" ? " (the bot does not run until it is fixed)" : " (the bot runs; `bot compile` still exits 0)"}.`,
      "",
      `Message: ${entry.message.replace(/\{(\w+)\}/g, "<$1>")}`,
      "",
      "## Why it matters",
      "",
      entry.description,
      "",
    ];
    if (c) {
      const d = compile([{ path: "bot.bot", text: c.bad }]).diagnostics.find((x) => x.code === entry.code);
      lines.push("## Example", "", "```", c.bad.trimEnd(), "```", "", "`bot compile` reports:", "", "```");
      lines.push(d ? formatDiagnostic(d, c.bad) : "(not raised)", "```", "", "## Fix", "", "```", c.fixed.trimEnd(), "```", "");
    } else {
      lines.push(
        "## When you see it",
        "",
        "The line grammar accepts every sequence of lines and reports misplaced lines with the specific codes above, so this code is a safety net: seeing it means the compiler met input it did not expect. Please report it with the script that caused it.",
        "",
      );
    }
    docs.set(`${entry.code}.md`, lines.join("\n"));
  }
  return docs;
}
