/** @module The lines under a trigger: `*` conditions, `@` redirects and `$` HTTP calls. */
import type { Reporter } from "../diagnostics/report.ts";
import type { Span } from "../diagnostics/types.ts";
import type { ConditionNode, ConditionOperator, HttpMethod, HttpNode, RedirectNode } from "./ast.ts";
import { isWhiteSpace } from "./line-text.ts";
import { sliceSource, spanOf, type SourceText } from "./source.ts";
import { parseTemplate } from "./template.ts";

const operators: Record<string, ConditionOperator> = {
  "==": "==",
  eq: "==",
  "!=": "!=",
  ne: "!=",
  "<>": "!=",
  "<": "<",
  "<=": "<=",
  ">": ">",
  ">=": ">=",
};

/** `* LEFT OP RIGHT => REPLY`. The split ignores `=>` and operators inside `<tags>` (`<set x=>`). */
export function parseCondition(src: SourceText, span: Span, report: Reporter): ConditionNode | null {
  const text = src.text;
  let depth = 0;
  let arrow = -1;
  let op: { at: number; end: number; op: ConditionOperator } | null = null;
  let wordStart = -1;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 32;
    if (depth === 0 && code === 61 && text.charCodeAt(i + 1) === 62) {
      arrow = i; // "=>"
      break;
    }
    if (isWhiteSpace(code)) {
      const found: ConditionOperator | undefined = wordStart > 0 && depth === 0 && !op ? operators[text.slice(wordStart, i)] : undefined;
      if (found) op = { at: wordStart, end: i, op: found };
      wordStart = -1;
    } else {
      if (wordStart === -1) wordStart = i;
      if (code === 60 && /[a-zA-Z@/]/.test(text.charAt(i + 1))) depth++;
      else if (code === 62 && depth > 0) depth--;
    }
  }
  if (arrow === -1) {
    report.conditionMalformed(span, { problem: "expected `=>` between the comparison and the reply" });
    return null;
  }
  if (!op) {
    report.conditionMalformed(span, { problem: "expected an operator (== eq != ne <> < <= > >=) between spaces" });
    return null;
  }
  const left = parseTemplate(sliceSource(src, 0, trimEnd(text, op.at)), report).template;
  const right = parseTemplate(trimmed(src, op.end, arrow), report).template;
  const body = parseTemplate(trimmed(src, arrow + 2, text.length), report).template;
  return { type: "Condition", left, op: op.op, right, body, span };
}

function trimEnd(text: string, to: number): number {
  let end = to;
  while (end > 0 && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  return end;
}

function trimmed(src: SourceText, from: number, to: number): SourceText {
  let a = from;
  while (a < to && isWhiteSpace(src.text.charCodeAt(a))) a++;
  return sliceSource(src, a, trimEnd(src.text, to));
}

export function parseRedirect(src: SourceText, span: Span, report: Reporter): RedirectNode | null {
  if (!src.text) {
    report.redirectEmpty(span);
    return null;
  }
  return { type: "Redirect", target: parseTemplate(src, report).template, span };
}

const methods = new Set<string>(["GET", "POST", "PUT", "PATCH", "DELETE"]);

/** `$ METHOD[:name] URL [JSON options]`. */
export function parseHttp(src: SourceText, span: Span, report: Reporter): HttpNode | null {
  const text = src.text;
  const headEnd = text.search(/\s|$/);
  const head = text.slice(0, headEnd);
  const colon = head.indexOf(":");
  const methodText = colon === -1 ? head : head.slice(0, colon);
  const name = colon === -1 ? null : head.slice(colon + 1);
  const method = methodText.toUpperCase();
  if (!methods.has(method)) {
    report.httpMethodInvalid(headEnd > 0 ? spanOf(src, 0, headEnd) : span, { method: methodText });
    return null;
  }
  let urlStart = headEnd;
  while (urlStart < text.length && /\s/.test(text.charAt(urlStart))) urlStart++;
  let urlEnd = urlStart;
  let depth = 0;
  while (urlEnd < text.length && (depth > 0 || !/\s/.test(text.charAt(urlEnd)))) {
    const c = text.charAt(urlEnd);
    if (c === "<") depth++;
    else if (c === ">" && depth > 0) depth--;
    urlEnd++;
  }
  if (urlEnd === urlStart) {
    report.httpUrlMissing(span);
    return null;
  }
  const url = parseTemplate(sliceSource(src, urlStart, urlEnd), report).template;
  const optionsSrc = trimmed(src, urlEnd, text.length);
  let options = null;
  if (optionsSrc.text) {
    try {
      JSON.parse(optionsSrc.text);
      options = parseTemplate(optionsSrc, report).template;
    } catch (error) {
      // JSON.parse's SyntaxError is the detail the author needs ("Unexpected token } at position 12").
      report.httpOptionsInvalid(spanOf(optionsSrc, 0, optionsSrc.text.length), {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { type: "Http", method: method as HttpMethod, name: name || null, url, options, span };
}
