/** @module `github`: GitHub Actions workflow commands, one annotation per finding. */
import type { Severity } from "../../diagnostics/types.ts";
import type { Formatter } from "./report.ts";

const command = (s: Severity): string => (s === "info" ? "notice" : s);
// Escaping as @actions/core does: data escapes % CR LF; property values also escape : and ,.
const escapeData = (s: string): string => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

export const github: Formatter = (report) =>
  report.files
    .flatMap((f) =>
      f.diagnostics.map((d) => {
        const props = [
          `file=${escapeProperty(d.span.file)}`,
          `line=${d.span.start.line}`,
          `col=${d.span.start.column}`,
          `endLine=${d.span.end.line}`,
          `endColumn=${d.span.end.column}`,
          `title=${escapeProperty(d.code)}`,
        ].join(",");
        return `::${command(d.severity)} ${props}::${escapeData(d.message)}\n`;
      }),
    )
    .join("");
