/** @module Reply templates: text, escapes, `<tags>`, `{tags}`, `(@array)`, `${{values}}`, `^shortcodes()`, read by the scanner (template-scan.ts) with the tag parsers. */
import type { Reporter } from "../diagnostics/report.ts";
import type { Template } from "../ir/types.ts";
import type { SourceText } from "./source.ts";
import { parseUntil, type Scan, type TagParsers } from "./template-scan.ts";
import { angleTag } from "./template-angle.ts";
import { braceTag } from "./template-brace.ts";
import { shortcode } from "./shortcodes.ts";
import { reportMisspeltTag } from "./unknown-tags.ts";

const TAGS: TagParsers = { angle: angleTag, brace: braceTag, shortcode, misspelt: reportMisspeltTag };

export function parseTemplate(src: SourceText, report: Reporter): { template: Template; weight: Scan["weight"] } {
  const s: Scan = { src, tags: TAGS, text: src.text, pos: 0, report, depth: 0, weight: null };
  const template = parseUntil(s, src.text.length);
  return { template, weight: s.weight };
}
