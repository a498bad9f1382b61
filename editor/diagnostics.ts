/** @module Compiler and lint diagnostics as LSP diagnostics: code, link to docs/diagnostics/CODE.md, severity, range, related places. */
import type { Diagnostic as LspDiagnostic, DiagnosticRelatedInformation } from "vscode-languageserver";
import type { Diagnostic } from "../compiler/diagnostics/types.ts";
import type { BotModel } from "./bot-model.ts";
import { rangeOf, type BotLocation } from "./lsp-range.ts";

const severities = { error: 1, warning: 2, info: 3 } as const;

/**
 * `docsBase` is the URL of the docs/diagnostics/ folder (ending in `/`); `locate` turns a bot path into a URI.
 * Related information names the other places a message talks about: the trigger tried first (BOT203),
 * every trigger of a redirect cycle (BOT205, BOT210).
 */
export function toLspDiagnostic(d: Diagnostic, model: BotModel, docsBase: string | null, uriOf: (path: string) => string): LspDiagnostic {
  const out: LspDiagnostic = {
    range: rangeOf(d.span),
    severity: severities[d.severity],
    code: d.code,
    source: "bot",
    message: d.hint ? `${d.message}\n${d.hint}` : d.message,
    data: { ...(d.data ?? {}), ...(d.hint ? { hint: d.hint } : {}) },
  };
  if (docsBase) out.codeDescription = { href: `${docsBase}${d.code}.md` };
  const related = relatedPlaces(d, model).map((r): DiagnosticRelatedInformation => ({
    location: { uri: uriOf(r.place.path), range: rangeOf(r.place.span) },
    message: r.message,
  }));
  if (related.length > 0) out.relatedInformation = related;
  return out;
}

function relatedPlaces(d: Diagnostic, model: BotModel): { place: BotLocation; message: string }[] {
  const out: { place: BotLocation; message: string }[] = [];
  // "… at faq.bot:12 …": the trigger on that line.
  for (const m of d.message.matchAll(/ at ([^\s:]+\.(?:bot|rive)):(\d+)/g)) {
    const line = Number(m[2]);
    const t = model.compiled.ir.triggers.find((x) => x.span.file === m[1] && x.span.start.line === line);
    if (t) out.push({ place: { path: t.span.file, span: t.pattern.span }, message: `+ ${t.text}` });
  }
  if ((d.code === "BOT205" || d.code === "BOT210") && typeof d.data?.["cycle"] === "string") {
    // `"help" → "* me" in topic shop (for "please help me") → "help"`: each step is a trigger's text and topic.
    const seen = new Set<number>();
    for (const step of d.data["cycle"].split(" → ")) {
      const m = /^"((?:[^"\\]|\\.)*)"(?: in topic (\S+))?/.exec(step);
      if (!m) continue;
      const topic = m[2] ?? null;
      const t = model.compiled.ir.triggers.find((x) => x.text === m[1] && (topic === null || x.topic === topic));
      if (t && !seen.has(t.id)) {
        seen.add(t.id);
        out.push({ place: { path: t.span.file, span: t.pattern.span }, message: `in the cycle: + ${t.text}` });
      }
    }
  }
  return out;
}
