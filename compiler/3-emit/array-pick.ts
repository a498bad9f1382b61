/** @module `(@name)` in a reply becomes `{random}` over the array's items, parsed as templates (RiveScript semantics). */
import type { Template, TemplatePart } from "../ir/types.ts";
import { createReporter } from "../diagnostics/report.ts";
import { createLineIndex, sourceText } from "../1-parse/source.ts";
import { parseTemplate } from "../1-parse/template.ts";

// Items may hold tags (`! array format = <uppercase>|<formal>`), which rivescript-js processes when
// the array is used in a reply. They are authored text, not user input, so expanding them here keeps
// that behaviour without re-parsing anything at run time. Problems inside an item are not reported
// here: the same items are also used as literal trigger words, where tags mean nothing.
export function expandArrayPick(part: Extract<TemplatePart, { type: "arrayPick" }>, items: string[] | undefined): TemplatePart {
  if (!items || items.length === 0) return part;
  const options: Template[] = items.map((item) => {
    const parsed = parseTemplate(sourceText(createLineIndex(part.span?.file ?? "", item), item, 0), createReporter()).template;
    return parsed.map((p) => (p.type === "text" || !part.span ? p : { ...p, span: part.span }));
  });
  return part.span ? { type: "random", options, span: part.span } : { type: "random", options };
}
