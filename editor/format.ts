/** @module The `.bot` formatter used by `bot fmt` and the language server: canonical line spacing, nothing else. */
import type { IToken } from "chevrotain";
import { Lexer } from "../grammar/chevrotain.ts";
import { allTokens } from "../grammar/tokens.ts";
// The parser's own reading of blanks and inline comments, so formatting never disagrees with compiling.
import { commentStart, isBlank } from "../compiler/1-parse/line-text.ts";

// The formatter works on the compiler's own line tokens, so it agrees with the parser about where every
// line, comment and object block starts. It only ever changes blanks the parser ignores:
//   - indentation before a command, and blanks at the end of a line;
//   - the blanks between a command character and its argument (`+hello`, `-   Hi` → `+ hello`, `- Hi`);
//   - runs of blank lines (at most one), and one blank line before every trigger.
// What it never touches: the text of an argument (the parser trims it and nothing else), `^name(` shortcode
// lines (a blank after `^` would turn them into text), `/* … */` comments and `> object` code.

const lexer = new Lexer(allTokens, { positionTracking: "onlyOffset", ensureOptimizations: false });

/** Commands written `C argument` with one blank after the command character. */
const spacedCommands = new Set([
  "Definition",
  "LabelOpen",
  "LabelClose",
  "Trigger",
  "Reply",
  "Previous",
  "Continue",
  "Redirect",
  "Condition",
  "Http",
  "Directive",
]);
/** `^image(…)`: a shortcode attached to the line above, which `^ image(…)` is not. */
const shortcodeLine = /^\^[A-Za-z][A-Za-z0-9_]*\(/;

interface Item {
  token: IToken;
  kind: string;
  /** Blank lines between the previous item and this one in the input; -1 when on the same line. */
  blanksBefore: number;
  /** The original text between the previous item and this one (used when they share a line). */
  gap: string;
}

/** Formats one file's text. Pure and total: any input gives output, and formatting that output again changes nothing. */
export function formatBot(text: string): string {
  const { tokens, groups } = lexer.tokenize(text);
  const all = [...tokens, ...(groups["comments"] ?? [])].sort((a, b) => a.startOffset - b.startOffset);
  if (all.length === 0) return "";
  // The file keeps the line ending of its first line.
  const eol = text.match(/\r\n|\n|\r/)?.[0] === "\r\n" ? "\r\n" : "\n";
  const items: Item[] = [];
  let previousEnd = 0;
  for (const token of all) {
    const gap = text.slice(previousEnd, token.startOffset);
    const breaks = gap.match(/\r\n|\r|\n/g)?.length ?? 0;
    items.push({ token, kind: token.tokenType.name, blanksBefore: items.length === 0 ? 0 : breaks === 0 ? -1 : Math.min(breaks - 1, 1), gap });
    previousEnd = token.startOffset + token.image.length;
  }
  separateTriggers(items);

  let out = "";
  for (const [i, item] of items.entries()) {
    if (i > 0) out += item.blanksBefore < 0 ? item.gap : eol.repeat(item.blanksBefore + 1);
    out += formatToken(item.kind, item.token.image, eol);
  }
  return out + eol;
}

/** One blank line before each trigger, and before the comments and directives written right above it. */
function separateTriggers(items: Item[]): void {
  for (let i = 0; i < items.length; i++) {
    if (items[i]!.kind !== "Trigger" || items[i]!.blanksBefore < 0) continue;
    let lead = i;
    while (lead > 0 && items[lead]!.blanksBefore === 0 && isLead(items[lead - 1]!.kind)) lead--;
    // The lead's first item may sit on the line of a comment's end; then there is no line to separate.
    if (lead === 0 || items[lead]!.blanksBefore < 0) continue;
    const before = items[lead - 1]!.kind;
    if (before !== "LabelOpen") items[lead]!.blanksBefore = 1;
  }
}

function isLead(kind: string): boolean {
  return kind === "LineComment" || kind === "BlockComment" || kind === "Directive";
}

function formatToken(kind: string, image: string, eol: string): string {
  // An unclosed comment or object block runs to the end of the file, line breaks included; the file's
  // final line break is added once, after the last item.
  if (kind === "ObjectBlock") return image.replace(/[\r\n]+$/, "").replace(/\r\n|\r|\n/g, eol);
  if (kind === "BlockComment")
    return image
      .replace(/[\r\n]+$/, "")
      .split(/\r\n|\r|\n/)
      .map(trimBlankEnd)
      .join(eol);
  if (kind === "LineComment" || kind === "Junk") return trimBlankEnd(image);
  if (!spacedCommands.has(kind)) return trimBlankEnd(image);
  if (kind === "Continue" && shortcodeLine.test(image)) return trimBlankEnd(image);
  const command = image.charAt(0);
  const comment = commentStart(image, 1);
  let from = 1;
  while (from < comment && isBlank(image.charCodeAt(from))) from++;
  let to = comment;
  while (to > from && isBlank(image.charCodeAt(to - 1))) to--;
  const argument = image.slice(from, to);
  const note = trimBlankEnd(image.slice(comment));
  if (!note) return argument ? `${command} ${argument}` : command;
  // A comment keeps the blanks written before it (authors align them), at least one.
  const gapBefore = argument ? image.slice(to, comment) || " " : " ";
  return argument ? `${command} ${argument}${gapBefore}${note}` : `${command} ${note}`;
}

function trimBlankEnd(s: string): string {
  let to = s.length;
  while (to > 0 && isBlank(s.charCodeAt(to - 1))) to--;
  return s.slice(0, to);
}
