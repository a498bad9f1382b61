/** @module `stylish`: findings grouped by file, aligned columns, a summary line (ESLint's default look). */
import { catalog } from "../../diagnostics/catalog.ts";
import type { Formatter } from "./report.ts";

export const stylish: Formatter = (report) => {
  const lines: string[] = [];
  for (const file of report.files) {
    lines.push(file.file);
    const rows = file.diagnostics.map((d) => [
      `${d.span.start.line}:${d.span.start.column}`,
      d.severity,
      d.message,
      `${d.code}${catalog.get(d.code) ? ` ${catalog.get(d.code)?.name}` : ""}`,
    ]);
    const width = [0, 1].map((i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
    file.diagnostics.forEach((d, i) => {
      const [where, severity, message, code] = rows[i] ?? [];
      lines.push(`  ${(where ?? "").padEnd(width[0] ?? 0)}  ${(severity ?? "").padEnd(width[1] ?? 0)}  ${message}  ${code}`);
      if (d.fix) lines.push(`  ${" ".repeat((width[0] ?? 0) + (width[1] ?? 0) + 4)}fix: ${d.fix.title}`);
    });
    lines.push("");
  }
  const total = report.errorCount + report.warningCount + report.infoCount;
  if (total === 0) return "";
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  lines.push(`✖ ${plural(total, "problem")} (${plural(report.errorCount, "error")}, ${plural(report.warningCount, "warning")})`);
  return `${lines.join("\n")}\n`;
};
