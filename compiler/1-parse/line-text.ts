/** @module The argument text of a line: command removed, inline `//` comment cut, `^` continuations joined. */
import type { IToken } from "chevrotain";
import type { Line } from "../../grammar/parser.ts";
import { joinSources, sourceText, type LineIndex, type SourceText } from "./source.ts";

export type Concat = "none" | "space" | "newline";

const joiners: Record<Concat, string> = { none: "", space: " ", newline: "\n" };

/** `^image(…)` on its own line is a shortcode that attaches to the line above, not the text `image(…)`. */
const shortcodeLine = /^\^[A-Za-z][A-Za-z0-9_]*\(/;

/** Argument of one line token, trimmed; `keepCommand` keeps the first character (a shortcode's `^`). */
export function argumentOf(index: LineIndex, token: IToken, keepCommand = false): SourceText {
  const image = token.image;
  let from = keepCommand ? 0 : 1;
  let to = commentStart(image, from);
  while (from < to && isBlank(image.charCodeAt(from))) from++;
  while (to > from && isBlank(image.charCodeAt(to - 1))) to--;
  return sourceText(index, image.slice(from, to), token.startOffset + from);
}

/** The line's argument with its continuations appended, joined per `! local concat`. */
export function joinedArgument(index: LineIndex, line: Line, concat: Concat, shortcodes: boolean): SourceText {
  const head = argumentOf(index, line.token);
  if (line.continues.length === 0) return head;
  const rest = line.continues.map((c) => argumentOf(index, c, shortcodes && shortcodeLine.test(c.image)));
  return joinSources(head, joiners[concat], rest);
}

/** `//` after whitespace starts an inline comment; `\//` and `https://` are not comments. */
export function commentStart(image: string, from: number): number {
  let i = image.indexOf("//", from);
  while (i !== -1) {
    if (i === from || isBlank(image.charCodeAt(i - 1))) return i;
    i = image.indexOf("//", i + 2);
  }
  return image.length;
}

/** `image.trimEnd().length` without building the trimmed string. */
export function trimmedLength(image: string): number {
  let end = image.length;
  while (end > 0 && isWhiteSpace(image.charCodeAt(end - 1))) end--;
  return end;
}

/** What `String.prototype.trim` and `\s` take: white space and line terminators. */
export function isWhiteSpace(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

export function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 12 || code === 11 || code === 0xa0 || code === 0xfeff || code === 13;
}
