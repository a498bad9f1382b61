/**
 * @module The scanner's core for reply templates: text, escapes, `(@array)` and `${{values}}`, with `<tags>`,
 * `{tags}` and `^shortcodes()` read by the tag parsers the scan carries (template.ts puts them there). The tag
 * parsers call back into this scanner for their contents; passing them in, rather than importing them, keeps
 * that recursion inside one call instead of a cycle between modules.
 */
import type { Span } from "../diagnostics/types.ts";
import type { Reporter } from "../diagnostics/report.ts";
import type { Template, TemplatePart, TemplatePartNode } from "../ir/types.ts";
import { exactArray } from "./exact-array.ts";
import { isPieceStart, spanOf, type SourceText } from "./source.ts";

// Hand-written, not a Chevrotain grammar: reply text is mostly free text in which unknown `<tags>`
// (HTML, `<3`) must pass through as text, so "not a tag" is the common case rather than an error to
// recover from. The scanner walks the line once; every construct either consumes what it looked at or
// gives up after a bounded look-ahead, and nesting is capped, so any input is linear and stack-safe.

/** A tag parser: what it read at `s.pos` (null: not its tag, read as text; "consumed": reported and skipped). */
export type TagParser = (s: Scan, end: number) => TemplatePart | "consumed" | null;

/** The tag parsers a scan dispatches to, by the character that starts the tag. */
export interface TagParsers {
  angle: TagParser;
  brace: TagParser;
  shortcode: TagParser;
  /** Where no tag was read at a `<` or `{`: reports a misspelt tag name (BOT030). */
  misspelt: (s: Scan, end: number) => void;
}

export interface Scan {
  src: SourceText;
  tags: TagParsers;
  text: string;
  pos: number;
  report: Reporter;
  depth: number;
  /** `{weight=N}` seen in this reply. */
  weight: { value: number; span: Span } | null;
  /**
   * Reading text that is replayed later (a `^reminder` text): there `<raw>…</raw>` only says "process this
   * when it fires", which is when every part of a reminder text is rendered, so the wrapper is transparent.
   */
  replay?: { openRaw: number };
}

/** Nesting deeper than this is read as text: no author needs it, and it keeps recursion bounded. */
const maxDepth = 32;

/** Parses from `s.pos` up to `end`, or up to where `stop` says (left unconsumed for the caller). */
export function parseUntil(s: Scan, end: number, stop?: (s: Scan) => boolean): Template {
  const parts: TemplatePart[] = [];
  const text = s.text;
  let buf = "";
  s.depth++;
  while (s.pos < end && !(stop && stop(s))) {
    const code = text.charCodeAt(s.pos);
    if (!mayStartTag(code)) {
      // Plain text: take the whole run at once (one character at a time while `stop` must look at each).
      let to = s.pos + 1;
      if (!stop) while (to < end && !mayStartTag(text.charCodeAt(to))) to++;
      buf += text.slice(s.pos, to);
      s.pos = to;
      continue;
    }
    const c = text.charAt(s.pos);
    const nested = s.depth < maxDepth;
    let result: TemplatePart | "consumed" | null = null;
    if (c === "\\") {
      buf += escape(s);
      continue;
    } else if (c === "<" && nested) result = s.tags.angle(s, end);
    else if (c === "{" && nested) result = s.tags.brace(s, end);
    else if (c === "(" && text.charAt(s.pos + 1) === "@") result = arrayPick(s, end);
    else if (c === "$" && text.startsWith("${{", s.pos)) result = httpValue(s, end);
    else if (c === "^" && nested && shortcodeMayStart(s)) result = s.tags.shortcode(s, end);
    if (result === null) {
      if ((c === "<" || c === "{") && nested) s.tags.misspelt(s, end);
      buf += c;
      s.pos++;
    } else if (result !== "consumed") {
      if (buf) parts.push({ type: "text", value: buf });
      buf = "";
      parts.push(result);
    }
  }
  s.depth--;
  if (buf) parts.push({ type: "text", value: buf });
  return exactArray(parts);
}

/** `\` `<` `{` `(` `$` `^`: the only characters where something other than text can start. */
function mayStartTag(code: number): boolean {
  return code === 92 || code === 60 || code === 123 || code === 40 || code === 36 || code === 94;
}

/** Parses `[from, to)` as its own template, leaving `s.pos` where it was. */
export function parseRange(s: Scan, from: number, to: number): Template {
  const saved = s.pos;
  s.pos = from;
  const parts = parseUntil(s, to);
  s.pos = saved;
  return parts;
}

export function part(s: Scan, node: TemplatePartNode, from: number, to: number): TemplatePart {
  return { ...node, span: spanOf(s.src, from, to) };
}

/** `\<`, `\{` and `\^` write the character itself and start no tag, so text that looks like a tag can be sent as it is. */
const escapes: Record<string, string> = { s: " ", n: "\n", "#": "#", "/": "/", "\\": "\\", '"': '"', "<": "<", "{": "{", "^": "^" };

function escape(s: Scan): string {
  const next = s.text.charAt(s.pos + 1);
  const value = escapes[next];
  if (value === undefined) {
    s.pos++;
    return "\\";
  }
  s.pos += 2;
  return value;
}

const nameChar = /[\p{L}\p{N}_-]/u;

/** Reads a run of name characters starting at `from`; returns its end. */
export function nameEnd(text: string, from: number, limit: number): number {
  let i = from;
  while (i < limit && nameChar.test(text.charAt(i))) i++;
  return i;
}

function arrayPick(s: Scan, end: number): TemplatePart | null {
  const start = s.pos;
  const close = nameEnd(s.text, start + 2, end);
  if (close === start + 2 || s.text.charAt(close) !== ")") return null;
  s.pos = close + 1;
  return part(s, { type: "arrayPick", name: s.text.slice(start + 2, close) }, start, s.pos);
}

function httpValue(s: Scan, end: number): TemplatePart | "consumed" {
  const start = s.pos;
  let i = start + 3;
  while (i < end && s.text.charAt(i) !== "}" && !/\s/.test(s.text.charAt(i))) i++;
  if (!s.text.startsWith("}}", i)) {
    s.pos = i;
    s.report.tagUnclosed(spanOf(s.src, start, start + 3), { open: "${{", close: "}}" });
    return "consumed";
  }
  s.pos = i + 2;
  const path = s.text.slice(start + 3, i).split(".");
  if (path.some((p) => p === "")) {
    s.report.tagMalformed(spanOf(s.src, start, s.pos), { tag: "${{…}}", problem: "the path has an empty step" });
    return "consumed";
  }
  return part(s, { type: "httpValue", call: null, path }, start, s.pos);
}

/** `^name(` is a shortcode at the start of a line's text or after a non-word character, never inside a word. */
function shortcodeMayStart(s: Scan): boolean {
  if (isPieceStart(s.src, s.pos)) return true;
  return !/[\p{L}\p{N}]/u.test(s.text.charAt(s.pos - 1));
}

export function isSpaceOrEdge(s: Scan, i: number, before: boolean): boolean {
  // A reply's `{weight=N}` is not text: `- Bye <delay seconds=2>{weight=3}` still ends at the line edge.
  const weight = before ? null : /^\{weight=\d+\}/.exec(s.text.slice(i, i + 24));
  if (weight) return isSpaceOrEdge(s, i + weight[0].length, false);
  if (before ? i === 0 : i >= s.text.length) return true;
  if (isPieceStart(s.src, i)) return true;
  return /\s/.test(s.text.charAt(before ? i - 1 : i));
}

/** Without the whitespace at its two ends (text parts emptied by that are dropped). */
export function trimTemplate(template: Template): Template {
  const out = [...template];
  const first = out[0];
  if (first?.type === "text") out[0] = { ...first, value: first.value.trimStart() };
  const last = out[out.length - 1];
  if (last?.type === "text") out[out.length - 1] = { ...last, value: last.value.trimEnd() };
  return out.filter((p) => p.type !== "text" || p.value !== "");
}
