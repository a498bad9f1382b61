/** @module Dexter shortcodes in replies: `^image(url)`, `^buttons(a, b)`, `^reminder(name, "text", at)` … */
import type { MediaKind, Template, TemplatePart } from "../ir/types.ts";
import { spanOf } from "./source.ts";
import { parseRange, part, type Scan } from "./template-scan.ts";
import { nearest } from "./unknown-tags.ts";

const media = new Set<string>(["image", "file", "video", "audio"]);
export const shortcodeNames = [
  "image",
  "file",
  "video",
  "audio",
  "buttons",
  "link",
  "reminder",
  "reminderCancel",
  "template",
  "metadata",
  "notifyAgent",
] as const;
const known = new Set<string>(shortcodeNames);

/** At `^`: a shortcode call, "consumed" after an error, or null when this `^` is just text. */
export function shortcode(s: Scan, end: number): TemplatePart | "consumed" | null {
  const start = s.pos;
  let i = start + 1;
  while (i < end && /[A-Za-z0-9_]/.test(s.text.charAt(i))) i++;
  if (i === start + 1 || !/[A-Za-z]/.test(s.text.charAt(start + 1)) || s.text.charAt(i) !== "(") return null;
  const name = s.text.slice(start + 1, i);
  const open = i;
  const close = matchingParen(s.text, open, end);
  if (close === -1) {
    s.report.tagUnclosed(spanOf(s.src, start, open + 1), { open: `^${name}(`, close: ")" });
    s.pos = end;
    return "consumed";
  }
  s.pos = close + 1;
  const span = spanOf(s.src, start, s.pos);
  if (!known.has(name)) {
    const near = nearest(
      name.toLowerCase(),
      shortcodeNames.map((n) => n.toLowerCase()),
    );
    const suggestion = near === null ? "" : `: did you mean \`^${shortcodeNames.find((n) => n.toLowerCase() === near)}()\`?`;
    s.report.shortcodeUnknown(span, { name, suggestion });
    return "consumed";
  }
  if (name === "template" || name === "metadata") return jsonShortcode(s, name, open + 1, close, start);
  const args = splitArgs(s.text, open + 1, close);
  const arity = (expected: string, ok: boolean): boolean => {
    if (!ok) s.report.shortcodeArguments(span, { name, expected, count: args.length });
    return ok;
  };
  const arg = (n: number): Template => {
    const range = args[n];
    return range ? parseRange(s, range[0], range[1]) : [];
  };
  const raw = (n: number): string => {
    const range = args[n];
    return range ? s.text.slice(range[0], range[1]) : "";
  };
  if (media.has(name)) {
    if (!arity("1 argument (the URL)", args.length === 1)) return "consumed";
    return part(s, { type: "media", kind: name as MediaKind, url: arg(0) }, start, s.pos);
  }
  switch (name) {
    case "buttons":
      if (!arity("1 or more labels", args.length >= 1)) return "consumed";
      return part(s, { type: "buttons", labels: args.map((_r, n) => arg(n)) }, start, s.pos);
    case "link":
      if (!arity("1 or 2 arguments (URL, title)", args.length === 1 || args.length === 2)) return "consumed";
      return part(s, { type: "link", url: arg(0), title: args.length === 2 ? arg(1) : null }, start, s.pos);
    case "reminder":
      if (!arity('3 arguments (name, "text", time: epochMs or +1d, +2h, +30m)', args.length === 3)) return "consumed";
      return part(s, { type: "reminder", name: reminderName(raw(0)), text: replayed(arg, 1, s), at: arg(2) }, start, s.pos);
    case "reminderCancel":
      if (!arity("1 argument (the reminder name)", args.length === 1)) return "consumed";
      return part(s, { type: "reminderCancel", name: reminderName(raw(0)) }, start, s.pos);
    case "notifyAgent":
      if (!arity("no arguments, or 1 (the reason shown to operators)", args.length <= 1)) return "consumed";
      return part(s, args.length === 1 && raw(0) !== "" ? { type: "notifyAgent", reason: raw(0) } : { type: "notifyAgent" }, start, s.pos);
  }
  return null;
}

function jsonShortcode(s: Scan, name: "template" | "metadata", from: number, to: number, start: number): TemplatePart | "consumed" {
  const span = spanOf(s.src, start, s.pos);
  try {
    const json: unknown = JSON.parse(s.text.slice(from, to));
    return part(s, { type: name, json }, start, s.pos);
  } catch (error) {
    // JSON.parse is the only JSON reader available; its SyntaxError is the diagnostic's detail.
    s.report.shortcodeJsonInvalid(span, { name, error: error instanceof Error ? error.message : String(error) });
    return "consumed";
  }
}

/** Parses argument `n` as text that is rendered later (a reminder's text), where `<raw>` wrappers are transparent. */
function replayed(arg: (n: number) => Template, n: number, s: Scan): Template {
  const outer = s.replay;
  s.replay = { openRaw: 0 };
  try {
    return arg(n);
  } finally {
    s.replay = outer;
  }
}

/** `"WakeUp Call"` → `wakeup_call` (docs/language.md "Dexter directions and shortcodes"). */
export function reminderName(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "_")
    .replace(/^_+|_+$/g, "");
}

/** Index of the `)` closing the `(` at `open`, skipping quoted strings and nested brackets; -1 if none. */
function matchingParen(text: string, open: number, end: number): number {
  let depth = 0;
  let quote = "";
  for (let i = open; i < end; i++) {
    const c = text.charAt(i);
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
    } else if (c === '"') quote = c;
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      depth--;
      if (depth === 0) return c === ")" ? i : -1;
    }
  }
  return -1;
}

/** Argument ranges split on top-level commas, trimmed, with surrounding quotes removed. */
function splitArgs(text: string, from: number, to: number): [number, number][] {
  const ranges: [number, number][] = [];
  if (text.slice(from, to).trim() === "") return ranges;
  let depth = 0;
  let quote = "";
  let argStart = from;
  for (let i = from; i <= to; i++) {
    const c = i < to ? text.charAt(i) : ",";
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
      continue;
    }
    if (c === '"') quote = c;
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if ((c === ")" || c === "]" || c === "}") && depth > 0) depth--;
    else if (c === "," && depth === 0) {
      ranges.push(unquote(text, argStart, Math.min(i, to)));
      argStart = i + 1;
    }
  }
  return ranges;
}

function unquote(text: string, from: number, to: number): [number, number] {
  let a = from;
  let b = to;
  while (a < b && /\s/.test(text.charAt(a))) a++;
  while (b > a && /\s/.test(text.charAt(b - 1))) b--;
  if (b - a >= 2 && text.charAt(a) === '"' && text.charAt(b - 1) === '"') return [a + 1, b - 1];
  return [a, b];
}
