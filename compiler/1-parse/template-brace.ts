/** @module `{tags}` in reply templates: `{topic=}`, `{@…}`, `{random}`, `{person}`-style formats, `{ok}`, `{weight=}`. */
import type { FormatKind, Template, TemplatePart } from "../ir/types.ts";
import { spanOf } from "./source.ts";
import { nameEnd, parseRange, parseUntil, part, trimTemplate, type Scan } from "./template-scan.ts";

const formats = new Set<string>(["person", "formal", "sentence", "uppercase", "lowercase"]);
/** Largest reply weight; more buys nothing and some engines expand weights into arrays. */
export const maxReplyWeight = 10_000;

export function braceTag(s: Scan, end: number): TemplatePart | "consumed" | null {
  const start = s.pos;
  const text = s.text;
  if (text.startsWith("{@", start)) return inlineRedirect(s, start, end);
  if (text.startsWith("{topic=", start)) return topicTag(s, start, end);
  if (text.startsWith("{weight=", start)) return weightTag(s, start, end);
  let i = start + 1;
  const closing = text.charAt(i) === "/";
  if (closing) i++;
  const wordEnd = nameEnd(text, i, end);
  const word = text.slice(i, wordEnd);
  if (text.charAt(wordEnd) !== "}") return null;
  const to = wordEnd + 1;
  if (closing && (word === "random" || formats.has(word))) {
    s.pos = to;
    s.report.tagCloseUnmatched(spanOf(s.src, start, to), { close: `{/${word}}`, open: `{${word}}` });
    return "consumed";
  }
  if (closing) return null;
  if (word === "ok") {
    s.pos = to;
    return part(s, { type: "ok" }, start, to);
  }
  if (word === "random") return randomBlock(s, start, to, end);
  if (formats.has(word)) return formatBlock(s, word as FormatKind, start, to, end);
  return null;
}

function inlineRedirect(s: Scan, start: number, end: number): TemplatePart | "consumed" {
  s.pos = start + 2;
  const target = parseUntil(s, end, (scan) => scan.text.charAt(scan.pos) === "}");
  if (s.text.charAt(s.pos) !== "}") {
    s.report.tagUnclosed(spanOf(s.src, start, start + 2), { open: "{@", close: "}" });
    return "consumed";
  }
  s.pos++;
  if (target.length === 0) {
    s.report.tagMalformed(spanOf(s.src, start, s.pos), { tag: "{@}", problem: "the redirect target is missing" });
    return "consumed";
  }
  return part(s, { type: "inlineRedirect", target: trimTemplate(target) }, start, s.pos);
}

function topicTag(s: Scan, start: number, end: number): TemplatePart | "consumed" {
  const nameStart = start + 7;
  const stop = nameEnd(s.text, nameStart, end);
  s.pos = stop;
  if (s.text.charAt(stop) !== "}") {
    s.report.tagUnclosed(spanOf(s.src, start, nameStart), { open: "{topic=", close: "}" });
    return "consumed";
  }
  s.pos = stop + 1;
  const name = s.text.slice(nameStart, stop);
  if (!name) {
    s.report.tagMalformed(spanOf(s.src, start, s.pos), { tag: "{topic=}", problem: "the topic name is missing" });
    return "consumed";
  }
  return part(s, { type: "topic", name }, start, s.pos);
}

function weightTag(s: Scan, start: number, end: number): "consumed" {
  let i = start + 8;
  while (i < end && /[0-9a-zA-Z.+-]/.test(s.text.charAt(i))) i++;
  const raw = s.text.slice(start + 8, i);
  const closed = s.text.charAt(i) === "}";
  s.pos = closed ? i + 1 : i;
  const span = spanOf(s.src, start, s.pos);
  if (!closed || !/^\d+$/.test(raw) || Number(raw) < 1) {
    s.report.weightInvalid(span, { min: 1, value: raw });
    return "consumed";
  }
  let value = Number(raw);
  if (value > maxReplyWeight) {
    s.report.weightCapped(span, { value: raw, max: maxReplyWeight });
    value = maxReplyWeight;
  }
  s.weight = { value, span };
  return "consumed";
}

/** `{random}a|b{/random}`: split on `|` when the body has one at its top level, else on whitespace. */
function randomBlock(s: Scan, start: number, bodyStart: number, end: number): TemplatePart | "consumed" {
  const close = matchingRandomClose(s.text, bodyStart, end);
  if (close === -1) {
    s.report.tagUnclosed(spanOf(s.src, start, bodyStart), { open: "{random}", close: "{/random}" });
    s.pos = end;
    return "consumed";
  }
  const ranges = splitOptions(s.text, bodyStart, close);
  const options: Template[] = ranges.map(([from, to]) => parseRange(s, from, to)).filter((o) => o.length > 0);
  s.pos = close + 9;
  return part(s, { type: "random", options }, start, s.pos);
}

function matchingRandomClose(text: string, from: number, end: number): number {
  let depth = 0;
  for (let i = from; i < end; i++) {
    if (text.charCodeAt(i) !== 123) continue; // "{"
    if (text.startsWith("{random}", i)) depth++;
    else if (text.startsWith("{/random}", i)) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

function splitOptions(text: string, from: number, to: number): [number, number][] {
  let depth = 0;
  let pipe = false;
  for (let i = from; i < to && !pipe; i++) {
    const c = text.charAt(i);
    if (c === "<" || c === "{") depth++;
    else if ((c === ">" || c === "}") && depth > 0) depth--;
    else if (c === "|" && depth === 0) pipe = true;
  }
  const ranges: [number, number][] = [];
  let optionStart = from;
  depth = 0;
  for (let i = from; i <= to; i++) {
    const c = i < to ? text.charAt(i) : "";
    if (c === "<" || c === "{") depth++;
    else if ((c === ">" || c === "}") && depth > 0) depth--;
    const separator = i === to || (depth === 0 && (pipe ? c === "|" : /\s/.test(c)));
    if (!separator) continue;
    if (i > optionStart) ranges.push([optionStart, i]);
    optionStart = i + 1;
  }
  return ranges;
}

function formatBlock(s: Scan, format: FormatKind, start: number, bodyStart: number, end: number): TemplatePart | "consumed" {
  const close = `{/${format}}`;
  s.pos = bodyStart;
  const body = parseUntil(s, end, (scan) => scan.text.startsWith(close, scan.pos));
  if (!s.text.startsWith(close, s.pos)) {
    s.report.tagUnclosed(spanOf(s.src, start, bodyStart), { open: `{${format}}`, close });
    return "consumed";
  }
  s.pos += close.length;
  return part(s, { type: "format", format, body }, start, s.pos);
}
