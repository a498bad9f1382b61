/** @module Scanner and parser for trigger and `%` patterns: words, wildcards, groups, arrays, tags, weight. */
import type { Reporter } from "../diagnostics/report.ts";
import type { Span } from "../diagnostics/types.ts";
import type { GluedPiece } from "../ir/types.ts";
import type { PatternElement, PatternNode } from "./ast.ts";
import { exactArray } from "./exact-array.ts";
import { spanOf, type SourceText } from "./source.ts";

// Hand-written rather than a second Chevrotain grammar: a pattern is a short line whose tokens are single
// characters plus words, and the errors worth reporting (an unbalanced bracket, an empty option, an
// uppercase letter) each need the exact column of one character, which a small scanner gives directly.
// One left-to-right pass; groups recurse on brackets, so the work is linear in the line length.

type Tok =
  | { kind: "open" | "close" | "optOpen" | "optClose" | "pipe"; at: number; end: number }
  | { kind: "wild"; wild: "any" | "number" | "alpha"; at: number; end: number }
  | { kind: "word"; text: string; at: number; end: number }
  | { kind: "array"; name: string; at: number; end: number }
  | { kind: "tag"; element: PatternElement; at: number; end: number }
  | { kind: "weight"; value: number; at: number; end: number }
  | { kind: "glued"; pieces: GluedPiece[]; at: number; end: number };

const nameChar = /[\p{L}\p{N}_-]/u;
const maxNesting = 32;

export function parsePattern(src: SourceText, report: Reporter): PatternNode {
  const toks = glue(tokenize(src, report), src.text);
  let weight = 0;
  let weighted = false;
  for (const t of toks) {
    if (t.kind !== "weight") continue;
    weight = t.value;
    weighted = true;
  }
  const body = weighted ? toks.filter((t) => t.kind !== "weight") : toks;
  const parts = parseSequence(topLevelAlternatives(body, src, report), { i: 0 }, src, report, null, 0);
  return {
    type: "Pattern",
    text: weighted ? patternText(src, toks) : collapseSpaces(src.text),
    written: collapseSpaces(src.text),
    weight,
    parts,
    span: spanOf(src, 0, src.text.length),
  };
}

/**
 * `+ oh|omg`: a `|` outside any group, in a pattern whose groups are balanced, separates whole alternatives.
 * It is read as the alternatives wrapped in `( )`, what it was written to mean, with one warning (BOT029)
 * that offers that edit. Returns the tokens to parse: the wrapped ones, or `toks` as they are.
 */
function topLevelAlternatives(toks: Tok[], src: SourceText, report: Reporter): Tok[] {
  const first = toks[0];
  const last = toks[toks.length - 1];
  if (!first || !last || !hasTopLevelPipe(toks)) return toks;
  const at = (offset: number) => spanOf(src, offset, offset).start;
  report.patternAlternativesTopLevel(
    spanOf(src, first.at, last.end),
    {},
    {
      title: "Wrap the alternatives in ( )",
      edits: [
        { start: at(first.at), end: at(first.at), text: "(" },
        { start: at(last.end), end: at(last.end), text: ")" },
      ],
    },
  );
  return [{ kind: "open", at: first.at, end: first.at }, ...toks, { kind: "close", at: last.end, end: last.end }];
}

/** A `|` at depth 0 while every bracket closes in order; with unbalanced brackets those are the problem (BOT014). */
function hasTopLevelPipe(toks: Tok[]): boolean {
  const open: Tok["kind"][] = [];
  let pipe = false;
  for (const t of toks) {
    if (t.kind === "open") open.push("close");
    else if (t.kind === "optOpen") open.push("optClose");
    else if (t.kind === "close" || t.kind === "optClose") {
      if (open.pop() !== t.kind) return false;
    } else if (t.kind === "pipe" && open.length === 0) pipe = true;
  }
  return pipe && open.length === 0;
}

/** The pattern as written without `{weight}`, whitespace collapsed: the IR's `text` and the sort's length. */
function patternText(src: SourceText, toks: Tok[]): string {
  let text = "";
  let from = 0;
  for (const t of toks) {
    if (t.kind !== "weight") continue;
    text += src.text.slice(from, t.at) + " ";
    from = t.end;
  }
  text += src.text.slice(from);
  return collapseSpaces(text);
}

/** `text.trim().split(/\s+/).join(" ")`, skipped for the usual ASCII text that already has single spaces. */
function collapseSpaces(text: string): string {
  let previous = 32;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c === 32 && previous === 32) || (c >= 9 && c <= 13) || c >= 128) return text.trim().split(/\s+/).join(" ");
    previous = c;
  }
  return previous === 32 && text.length > 0 ? text.trim().split(/\s+/).join(" ") : text;
}

/** Codes of `( ) [ ] | * # _ < space tab`: where a word ends. */
function isBreak(c: number): boolean {
  return c === 32 || c === 9 || c === 40 || c === 41 || c === 91 || c === 93 || c === 124 || c === 42 || c === 35 || c === 95 || c === 60;
}

/** `\s` written in a pattern. */
function isEscapedSpace(text: string, i: number): boolean {
  return text.charCodeAt(i) === 92 && text.charCodeAt(i + 1) === 115;
}

function isNameChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
  return nameChar.test(text.charAt(i));
}

function tokenize(src: SourceText, report: Reporter): Tok[] {
  const text = src.text;
  const toks: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) {
      i++;
    } else if (isEscapedSpace(text, i)) {
      // `\s` is a blank, as in rivescript, whose regex reads it as one (`+ [test] concat` then `^ \sin trigger`).
      i += 2;
    } else if (c === 123 && text.startsWith("{weight=", i)) {
      const close = text.indexOf("}", i);
      const end = close === -1 ? text.length : close + 1;
      const raw = text.slice(i + 8, close === -1 ? text.length : close);
      let value = Number(raw);
      if (close === -1 || !/^\d+$/.test(raw)) {
        report.weightInvalid(spanOf(src, i, end), { min: 0, value: raw });
        value = 0;
      }
      toks.push({ kind: "weight", value, at: i, end });
      i = end;
    } else if (c === 40 || c === 41 || c === 91 || c === 93 || c === 124) {
      const kind = c === 40 ? "open" : c === 41 ? "close" : c === 91 ? "optOpen" : c === 93 ? "optClose" : "pipe";
      toks.push({ kind, at: i, end: i + 1 });
      i++;
    } else if (c === 42 || c === 35 || c === 95) {
      toks.push({ kind: "wild", wild: c === 42 ? "any" : c === 35 ? "number" : "alpha", at: i, end: i + 1 });
      i++;
    } else if (c === 64 && i + 1 < text.length && isNameChar(text, i + 1)) {
      let end = i + 1;
      while (end < text.length && isNameChar(text, end)) end++;
      toks.push({ kind: "array", name: text.slice(i + 1, end), at: i, end });
      i = end;
    } else if (c === 60 && /[a-zA-Z@/]/.test(text.charAt(i + 1))) {
      i = scanTag(src, i, toks, report);
    } else {
      let end = i + 1;
      let plain = c < 128;
      for (; end < text.length; end++) {
        const d = text.charCodeAt(end);
        if (isBreak(d) || (d === 123 && text.startsWith("{weight=", end)) || isEscapedSpace(text, end)) break;
        if (d >= 128) plain = false;
      }
      const raw = text.slice(i, end);
      const upper = plain ? asciiUpper(raw) : raw.search(/\p{Lu}/u);
      if (upper !== -1) report.triggerUppercase(spanOf(src, i + upper, i + upper + 1), { char: raw.charAt(upper) });
      const word = normaliseWord(raw);
      if (word) toks.push({ kind: "word", text: word, at: i, end });
      i = end;
    }
  }
  return toks;
}

/**
 * Words, wildcards and `( | )` groups written with nothing between them (`hello*`, `_negative`, `*kw*`,
 * `*(girlfriend|boyfriend)s`, `(one|two)#`, `what(s| is)`) are one glued token, as in RiveScript, where their regexes
 * sit right against each other: they match inside a word. A run is glued when it has a group, or a word and a
 * wildcard; a group is glued only when everything in it can be (words, wildcards, groups) and no option is empty,
 * so optionals, arrays, tags and a malformed group keep their own meaning and diagnostics.
 */
function glue(toks: Tok[], text: string): Tok[] {
  // A glued run needs two tokens with nothing between them; most patterns are words and wildcards apart.
  if (!hasAdjacentTokens(toks)) return toks;
  const closes = matchingCloses(toks);
  const out: Tok[] = [];
  let i = 0;
  while (i < toks.length) {
    const units: [number, number][] = [];
    let j = i;
    for (;;) {
      const end = unitEnd(toks, j, closes, 0);
      if (end === -1 || (units.length > 0 && toks[units.at(-1)![1]]!.end !== toks[j]!.at)) break;
      units.push([j, end]);
      j = end + 1;
      if (j >= toks.length) break;
    }
    const kinds = units.map(([from]) => toks[from]!.kind);
    const glued = units.length > 1 && (kinds.includes("open") || (kinds.includes("word") && kinds.includes("wild")));
    if (!glued) {
      out.push(toks[i]!);
      i += 1;
      continue;
    }
    const pieces = units.flatMap(([from, to]) => unitPieces(toks, from, to, text, closes));
    out.push({ kind: "glued", pieces, at: toks[i]!.at, end: toks[j - 1]!.end });
    i = j;
  }
  return out;
}

function hasAdjacentTokens(toks: Tok[]): boolean {
  for (let k = 1; k < toks.length; k++) if (toks[k - 1]!.end === toks[k]!.at) return true;
  return false;
}

/** `closes[i]`: for an `open` token, the index of its `close` (-1 when unbalanced or closed by `]`). */
function matchingCloses(toks: Tok[]): Int32Array {
  const closes = new Int32Array(toks.length).fill(-1);
  const stack: number[] = [];
  toks.forEach((t, i) => {
    if (t.kind === "open" || t.kind === "optOpen") stack.push(i);
    else if (t.kind === "close" || t.kind === "optClose") {
      const open = stack.pop();
      if (open !== undefined && toks[open]!.kind === "open" && t.kind === "close") closes[open] = i;
    }
  });
  return closes;
}

/** The last token of the gluable unit starting at `i` (a word, a wildcard, a gluable group), or -1. */
function unitEnd(toks: Tok[], i: number, closes: Int32Array, depth: number): number {
  const t = toks[i]!;
  if (t.kind === "word" || t.kind === "wild") return i;
  if (t.kind !== "open" || closes[i]! === -1 || depth >= maxNesting) return -1;
  const close = closes[i]!;
  let k = i + 1;
  let optionEmpty = true;
  while (k < close) {
    const inner = toks[k]!;
    if (inner.kind === "pipe") {
      if (optionEmpty) return -1;
      optionEmpty = true;
      k += 1;
      continue;
    }
    const end = unitEnd(toks, k, closes, depth + 1);
    if (end === -1) return -1;
    optionEmpty = false;
    k = end + 1;
  }
  return optionEmpty ? -1 : close;
}

/** A unit's pieces; inside a group, a blank written between tokens (or at an option's edge) is a single space. */
function unitPieces(toks: Tok[], from: number, to: number, text: string, closes: Int32Array): GluedPiece[] {
  const t = toks[from]!;
  if (t.kind === "word") return [{ type: "text", text: t.text }];
  if (t.kind === "wild") return [{ type: "wildcard", kind: t.wild }];
  const options: GluedPiece[][] = [];
  let option: GluedPiece[] = [];
  let edge = t.end;
  const blank = (a: number, b: number): void => {
    if (b > a && /\s|\\s/u.test(text.slice(a, b))) option.push({ type: "text", text: " " });
  };
  let k = from + 1;
  while (k <= to) {
    const inner = toks[k]!;
    blank(edge, inner.at);
    if (inner.kind === "pipe" || k === to) {
      options.push(joinText(option));
      option = [];
      edge = inner.end;
      k += 1;
      continue;
    }
    const end = inner.kind === "open" ? closes[k]! : k;
    option.push(...unitPieces(toks, k, end, text, closes));
    edge = toks[end]!.end;
    k = end + 1;
  }
  return [{ type: "alternatives", options }];
}

/** Adjacent text pieces as one (`s` and ` ` and `is` → `s is`). */
function joinText(pieces: GluedPiece[]): GluedPiece[] {
  const out: GluedPiece[] = [];
  for (const piece of pieces) {
    const last = out[out.length - 1];
    if (piece.type === "text" && last?.type === "text") out[out.length - 1] = { type: "text", text: last.text + piece.text };
    else out.push(piece);
  }
  return out;
}

function asciiUpper(raw: string): number {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 65 && c <= 90) return i;
  }
  return -1;
}

/** Lowercase, and drop everything that is not a letter, mark or number (docs/language.md "Triggers"). */
export function normaliseWord(raw: string): string {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) return raw.toLowerCase().replace(/[^\p{L}\p{M}\p{N}]/gu, "");
  }
  return raw;
}

function scanTag(src: SourceText, at: number, toks: Tok[], report: Reporter): number {
  const text = src.text;
  const close = text.indexOf(">", at);
  const end = close === -1 ? text.length : close + 1;
  const inner = text.slice(at + 1, close === -1 ? text.length : close).trim();
  const span = spanOf(src, at, end);
  const named = /^(get|bot)\s+(\S+)$/.exec(inner);
  const history = /^(input|reply)([1-9]?)$/.exec(inner);
  if (close !== -1 && named) {
    toks.push({ kind: "tag", element: { type: "PatternTag", tag: named[1] as "get" | "bot", name: named[2] ?? "", span }, at, end });
  } else if (close !== -1 && history) {
    const index = history[2] ? Number(history[2]) : 1;
    toks.push({ kind: "tag", element: { type: "PatternHistory", tag: history[1] as "input" | "reply", index, span }, at, end });
  } else {
    report.patternTagInvalid(span, { tag: text.slice(at, end) });
  }
  return end;
}

/** Reads elements up to the end, or up to the `|`/closer of the group being read (left for the caller). */
function parseSequence(
  toks: Tok[],
  cursor: { i: number },
  src: SourceText,
  report: Reporter,
  closer: "close" | "optClose" | null,
  depth: number,
): PatternElement[] {
  const out: PatternElement[] = [];
  while (cursor.i < toks.length) {
    const t = toks[cursor.i] as Tok;
    switch (t.kind) {
      case "pipe":
        if (closer) return exactArray(out);
        // Only when a bracket is unbalanced (otherwise the pattern was wrapped, BOT029): that bracket is the
        // error reported, and this `|` is fine once it is fixed, so it is not a second diagnostic.
        cursor.i++;
        break;
      case "close":
      case "optClose":
        if (closer) return exactArray(out);
        report.patternUnbalanced(spanOf(src, t.at, t.end), { bracket: t.kind === "close" ? ")" : "]" });
        cursor.i++;
        break;
      case "open":
      case "optOpen":
        if (depth >= maxNesting) {
          // Nobody nests groups this deep; stop here rather than recurse without bound.
          report.patternUnbalanced(spanOf(src, t.at, t.end), { bracket: t.kind === "open" ? "(" : "[" });
          cursor.i = toks.length;
          break;
        }
        cursor.i++;
        out.push(parseGroup(t, toks, cursor, src, report, depth + 1));
        break;
      case "wild":
        out.push({ type: "Wildcard", kind: t.wild, span: spanOf(src, t.at, t.end) });
        cursor.i++;
        break;
      case "word":
        out.push({ type: "Word", text: t.text, span: spanOf(src, t.at, t.end) });
        cursor.i++;
        break;
      case "array":
        out.push({ type: "ArrayRef", name: t.name, capture: false, span: spanOf(src, t.at, t.end) });
        cursor.i++;
        break;
      case "tag":
        out.push(t.element);
        cursor.i++;
        break;
      case "weight":
        cursor.i++;
        break;
      case "glued":
        out.push({ type: "Glued", pieces: t.pieces, span: spanOf(src, t.at, t.end) });
        cursor.i++;
        break;
      default: {
        const _exhaustive: never = t;
        return _exhaustive;
      }
    }
  }
  return exactArray(out);
}

function parseGroup(open: Tok, toks: Tok[], cursor: { i: number }, src: SourceText, report: Reporter, depth: number): PatternElement {
  const optional = open.kind === "optOpen";
  const closer = optional ? "optClose" : "close";
  const group = optional ? "[…]" : "(…)";
  const options: PatternElement[][] = [];
  const empty: Span[] = [];
  let end: number;
  let optionStart = open.end;
  for (;;) {
    const option = parseSequence(toks, cursor, src, report, closer, depth);
    const next = toks[cursor.i];
    const optionEnd = next ? next.at : src.text.length;
    if (option.length === 0) empty.push(spanOf(src, optionStart, Math.max(optionEnd, optionStart)));
    else options.push(option);
    if (!next) {
      report.patternUnbalanced(spanOf(src, open.at, open.end), { bracket: optional ? "[" : "(" });
      end = src.text.length;
      break;
    }
    cursor.i++;
    end = next.end;
    if (next.kind === "pipe") {
      optionStart = next.end;
      continue;
    }
    if (next.kind !== closer) {
      // `(a]`: the wrong closer ends the group and is reported; the group still parses.
      report.patternUnbalanced(spanOf(src, next.at, next.end), { bracket: next.kind === "close" ? ")" : "]" });
    }
    break;
  }
  // As rivescript, which removes empty entries from a group's regex: `(hi|hey|)` is `(hi|hey)`, with a warning
  // (BOT034). A group with nothing in it at all (`[]`, `(|)`) is an error (BOT015).
  for (const at of empty) {
    if (options.length === 0) report.patternEmptyOption(at, { group });
    else report.patternOptionDropped(at, { group });
  }
  if (options.length === 0) options.push([]);
  const span = spanOf(src, open.at, end);
  const only = options.length === 1 ? options[0] : undefined;
  const first = only?.[0];
  if (!optional && only?.length === 1 && first?.type === "ArrayRef") return { ...first, capture: true, span };
  return optional ? { type: "Optional", options: exactArray(options), span } : { type: "Alternatives", options: exactArray(options), span };
}
