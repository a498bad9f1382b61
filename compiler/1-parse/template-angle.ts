/** @module `<tags>` in reply templates: reads, writes, history, formats, `<call>`, `<raw>`, `<delay>`, `<send>`. */
import type { FormatKind, MathOp, TemplatePart, VariableName } from "../ir/types.ts";
import { spanOf } from "./source.ts";
import { isSpaceOrEdge, nameEnd, parseRange, parseUntil, part, trimTemplate, type Scan } from "./template-scan.ts";

const formats = new Set<string>(["person", "formal", "sentence", "uppercase", "lowercase"]);
const maths = new Set<string>(["add", "sub", "mult", "div"]);

/** Returns the part, "consumed" when the tag was an error already reported, or null when `<` is just text. */
export function angleTag(s: Scan, end: number): TemplatePart | "consumed" | null {
  const start = s.pos;
  const text = s.text;
  let i = start + 1;
  if (text.charAt(i) === "/") i++;
  while (i < end && /[a-zA-Z@]/.test(text.charAt(i))) i++;
  const word = text.slice(start + 1, i);
  let digits = i;
  while (digits < end && /[0-9]/.test(text.charAt(digits))) digits++;
  const index = digits > i ? Number(text.slice(i, digits)) : 1;
  const after = text.charAt(digits);
  if (after === ">") {
    const simple = simpleTag(s, word, index, digits > i, start, digits + 1);
    if (simple !== null) return simple;
  }
  if (digits === i && /\s/.test(after)) {
    if (word === "delay") return delayTag(s, start, end);
    if (word === "get") return getTag(s, start, end, i);
    if (word === "bot" || word === "env" || word === "set" || maths.has(word)) return writeTag(s, word, start, end, i);
  }
  return null;
}

function simpleTag(s: Scan, word: string, index: number, numbered: boolean, start: number, to: number): TemplatePart | "consumed" | null {
  const historyIndex = numbered ? index : 1;
  switch (word) {
    case "star":
      return taken(s, start, to, { type: "star", index: historyIndex, source: "user" });
    case "botstar":
      return taken(s, start, to, { type: "star", index: historyIndex, source: "previous" });
    case "input":
    case "reply":
      if (historyIndex < 1 || historyIndex > 9) return null;
      return taken(s, start, to, { type: word, index: historyIndex });
  }
  if (numbered) return null;
  switch (word) {
    case "id":
      return taken(s, start, to, { type: "id" });
    case "noreply":
      return taken(s, start, to, { type: "noReply" });
    case "send":
      return taken(s, start, to, { type: "send" });
    case "@": {
      const star = part(s, { type: "star", index: 1, source: "user" }, start, to);
      return taken(s, start, to, { type: "inlineRedirect", target: [star] });
    }
    case "raw":
      return rawBlock(s, start, to);
    case "call":
      return callBlock(s, start, to);
    case "/raw":
      if (s.replay && s.replay.openRaw > 0) {
        s.replay.openRaw--;
        s.pos = to;
        return "consumed";
      }
      return closeUnmatched(s, start, to, word);
    case "/call":
      return closeUnmatched(s, start, to, word);
  }
  if (formats.has(word)) {
    const star = part(s, { type: "star", index: 1, source: "user" }, start, to);
    return taken(s, start, to, { type: "format", format: word as FormatKind, body: [star] });
  }
  return null;
}

/** A tag that ends at `to`: the scan moves past it. */
function taken(s: Scan, start: number, to: number, node: Parameters<typeof part>[1]): TemplatePart {
  s.pos = to;
  return part(s, node, start, to);
}

function closeUnmatched(s: Scan, start: number, to: number, word: string): "consumed" {
  s.pos = to;
  s.report.tagCloseUnmatched(spanOf(s.src, start, to), { close: `<${word}>`, open: `<${word.slice(1)}>` });
  return "consumed";
}

function rawBlock(s: Scan, start: number, bodyStart: number): TemplatePart | "consumed" {
  const close = s.text.indexOf("</raw>", bodyStart);
  if (close === -1) {
    s.report.tagUnclosed(spanOf(s.src, start, bodyStart), { open: "<raw>", close: "</raw>" });
    s.pos = s.text.length;
    return "consumed";
  }
  if (s.replay) {
    // In a reminder text the body is parsed as template parts, rendered when the reminder fires.
    s.replay.openRaw++;
    s.pos = bodyStart;
    return "consumed";
  }
  s.pos = close + 6;
  // Raw text is kept exactly: it is text now and is processed only where it is later replayed (reminders).
  return part(s, { type: "text", value: s.text.slice(bodyStart, close) }, start, s.pos);
}

function callBlock(s: Scan, start: number, bodyStart: number): TemplatePart | "consumed" {
  let i = bodyStart;
  while (i < s.text.length && /\s/.test(s.text.charAt(i))) i++;
  const nameStop = nameEnd(s.text, i, s.text.length);
  const name = s.text.slice(i, nameStop);
  s.pos = nameStop;
  const args = parseUntil(s, s.text.length, (scan) => scan.text.startsWith("</call>", scan.pos));
  if (!s.text.startsWith("</call>", s.pos)) {
    s.report.tagUnclosed(spanOf(s.src, start, bodyStart), { open: "<call>", close: "</call>" });
    return "consumed";
  }
  s.pos += 7;
  if (!name) {
    s.report.tagMalformed(spanOf(s.src, start, s.pos), { tag: "<call>", problem: "the macro name is missing" });
    return "consumed";
  }
  return part(s, { type: "call", name, args: trimStart(args) }, start, s.pos);
}

function trimStart(args: TemplatePart[]): TemplatePart[] {
  const first = args[0];
  if (first?.type !== "text") return args;
  const value = first.value.replace(/^\s+/, "");
  return value ? [{ ...first, value }, ...args.slice(1)] : args.slice(1);
}

function getTag(s: Scan, start: number, end: number, afterWord: number): TemplatePart | "consumed" {
  // Tags may be nested in the name (`<get fav<star>>`), so the `>` that closes it is found by nesting.
  const close = nameStop(s.text, afterWord, end, false);
  if (close === -1) {
    s.pos = resumeAt(s.text, afterWord, end);
    s.report.tagUnclosed(spanOf(s.src, start, afterWord), { open: "<get", close: ">" });
    return "consumed";
  }
  const name = variableName(s, afterWord, close);
  s.pos = close + 1;
  if (name === "") {
    s.report.tagMalformed(spanOf(s.src, start, s.pos), { tag: "<get>", problem: "the variable name is missing" });
    return "consumed";
  }
  if (spaced(name)) {
    s.report.tagMalformed(spanOf(s.src, start, s.pos), { tag: "<get>", problem: "the variable name has a space in it" });
    return "consumed";
  }
  return part(s, { type: "get", name }, start, s.pos);
}

/** `<bot N>`, `<bot N=V>`, `<env …>`, `<set N=V>`, `<set N>` (clears), `<add N=V>` and the other math tags. */
function writeTag(s: Scan, word: string, start: number, end: number, afterWord: number): TemplatePart | "consumed" {
  const i = nameStop(s.text, afterWord, end, true);
  const hasValue = i !== -1 && s.text.charAt(i) === "=";
  const close = i === -1 ? -1 : hasValue ? closingAngle(s.text, i + 1, end) : i;
  if (close === -1) {
    s.pos = hasValue ? end : resumeAt(s.text, afterWord, end);
    s.report.tagUnclosed(spanOf(s.src, start, afterWord), { open: `<${word}`, close: ">" });
    return "consumed";
  }
  const name = variableName(s, afterWord, i);
  const value = hasValue ? parseRange(s, i + 1, close) : [];
  s.pos = close + 1;
  const span = spanOf(s.src, start, s.pos);
  if (name === "" || spaced(name)) {
    s.report.tagMalformed(span, { tag: `<${word}>`, problem: name === "" ? "the variable name is missing" : "the variable name has a space in it" });
    return "consumed";
  }
  const written = typeof name === "string" ? name : name[0]?.type === "text" ? name[0].value : "";
  if ((word === "set" || maths.has(word)) && written.startsWith("_")) {
    s.report.variableReserved(span, { name: s.text.slice(afterWord, i).trim() });
    return "consumed";
  }
  if (maths.has(word) && !hasValue) {
    s.report.tagMalformed(span, { tag: `<${word}>`, problem: "the value to apply is missing (`<" + word + " NAME=N>`)" });
    return "consumed";
  }
  if (word === "bot") return part(s, hasValue ? { type: "botSet", name, value } : { type: "bot", name }, start, s.pos);
  if (word === "env") return part(s, hasValue ? { type: "envSet", name, value } : { type: "env", name }, start, s.pos);
  if (word === "set") return part(s, { type: "set", name, value }, start, s.pos);
  return part(s, { type: "math", op: word as MathOp, name, value }, start, s.pos);
}

/** After an unclosed tag, reading goes on at the next `<` (a tag of its own), or stops at the end. */
function resumeAt(text: string, from: number, end: number): number {
  const next = text.indexOf("<", from);
  return next === -1 || next > end ? end : next;
}

/**
 * Where a tag's name ends: the `>` that closes the tag (or, for tags that take a value, the `=` before it)
 * outside any tag nested in the name. -1 when the tag is never closed on this line.
 */
function nameStop(text: string, from: number, end: number, valued: boolean): number {
  let depth = 0;
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 60)
      depth++; // "<"
    else if (c === 62) {
      if (depth === 0) return i;
      depth--;
    } else if (c === 61 && valued && depth === 0) return i; // "="
  }
  return -1;
}

/**
 * The name in `[from, to)`, trimmed: plain text is the name itself; with tags nested in it, the template
 * the engine renders into the name each time the tag runs (`fav<star1>`).
 */
function variableName(s: Scan, from: number, to: number): VariableName {
  const parsed = parseRange(s, from, to);
  if (parsed.every((p) => p.type === "text"))
    return parsed
      .map((p) => (p.type === "text" ? p.value : ""))
      .join("")
      .trim();
  return trimTemplate(parsed);
}

/** A space written in the name itself; spaces a nested tag renders are the engine's business (docs/language.md). */
function spaced(name: VariableName): boolean {
  return typeof name === "string" ? /\s/.test(name) : name.some((p) => p.type === "text" && /\s/.test(p.value));
}

function delayTag(s: Scan, start: number, end: number): TemplatePart | "consumed" {
  let i = start;
  while (i < end && s.text.charAt(i) !== ">") i++;
  if (s.text.charAt(i) !== ">") {
    s.pos = i;
    s.report.tagUnclosed(spanOf(s.src, start, start + 6), { open: "<delay", close: ">" });
    return "consumed";
  }
  s.pos = i + 1;
  const span = spanOf(s.src, start, s.pos);
  const words = s.text
    .slice(start + 6, i)
    .trim()
    .split(/\s+/);
  let seconds: string | null = null;
  let cancelable = true;
  let malformed = false;
  for (const w of words) {
    if (w.startsWith("seconds=") && seconds === null) seconds = w.slice(8);
    else if (w === "nocancel") cancelable = false;
    else malformed = true;
  }
  if (malformed || seconds === null || !/^\d+(\.\d+)?$|^\.\d+$|^-\d+(\.\d+)?$/.test(seconds)) {
    s.report.delayMalformed(span);
    return "consumed";
  }
  const value = Number(seconds);
  if (!(value > 0 && value <= 120)) {
    s.report.delayOutOfRange(span, { seconds });
    return "consumed";
  }
  if (!isSpaceOrEdge(s, start, true) || !isSpaceOrEdge(s, s.pos, false)) {
    s.report.delayMissingSpace(span);
    return "consumed";
  }
  return part(s, { type: "delay", seconds: value, cancelable }, start, s.pos);
}

/** The `>` that closes a tag whose value starts at `from`: angle brackets nest (`<set x=<b>y</b>>`). */
function closingAngle(text: string, from: number, end: number): number {
  let depth = 0;
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 60)
      depth++; // "<"
    else if (c === 62) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}
