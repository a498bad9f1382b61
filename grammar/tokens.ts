/** @module Line tokens of the `.bot` language, in the order the lexer tries them. */
import type { CustomPatternMatcherReturn, TokenType } from "chevrotain";
import { createToken, Lexer } from "./chevrotain.ts";

// The language is line-oriented: a line's first non-blank character is its command and the rest of
// the line is an argument in a sub-language (trigger pattern, reply template, definition …). So the
// lexer cuts the text into whole lines, one token per line, and the sub-languages are scanned later
// with exact offsets. Together the tokens cover every possible character (the last one, `Junk`,
// takes any line that starts with something else), so lexing cannot fail and nothing here can
// backtrack: every pattern is a single character class run or a linear `indexOf` scan.

const lineRest = "[^\\r\\n]*";

/** Horizontal whitespace before a command (and blank lines' content). Every `\s` except CR/LF. */
export const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: /[ \t\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/,
  group: Lexer.SKIPPED,
});

/** Line breaks carry no meaning: each line token already ends at the end of its line. */
export const Newline = createToken({
  name: "Newline",
  pattern: /\r\n|\r|\n/,
  line_breaks: true,
  group: Lexer.SKIPPED,
});

/**
 * `> object NAME LANG` … `< object`: macro code is not `.bot` syntax (`+`, `-`, `*` are JavaScript
 * operators there), so the whole block is one token. Before `LabelOpen`, which would take its first line.
 * An unclosed block runs to the end of the file; the AST phase reports it.
 */
export const ObjectBlock = createToken({
  name: "ObjectBlock",
  pattern: { exec: matchObjectBlock },
  line_breaks: true,
  start_chars_hint: [">"],
});

/** `/* … *\/` at the start of a line; unterminated ones run to the end of the file (reported later). */
export const BlockComment = createToken({
  name: "BlockComment",
  pattern: { exec: matchBlockComment },
  line_breaks: true,
  start_chars_hint: ["/"],
  group: "comments",
});

/** `// …` whole-line comment. Inline comments are cut from line arguments in the AST phase. */
export const LineComment = createToken({
  name: "LineComment",
  pattern: new RegExp(`//${lineRest}`),
  group: "comments",
});

// One token per command character. Each takes the rest of its line.
export const Definition = createToken({ name: "Definition", pattern: new RegExp(`!${lineRest}`) });
export const LabelOpen = createToken({ name: "LabelOpen", pattern: new RegExp(`>${lineRest}`) });
export const LabelClose = createToken({ name: "LabelClose", pattern: new RegExp(`<${lineRest}`) });
export const Trigger = createToken({ name: "Trigger", pattern: new RegExp(`\\+${lineRest}`) });
export const Reply = createToken({ name: "Reply", pattern: new RegExp(`-${lineRest}`) });
export const Previous = createToken({ name: "Previous", pattern: new RegExp(`%${lineRest}`) });
export const Continue = createToken({ name: "Continue", pattern: new RegExp(`\\^${lineRest}`) });
export const Redirect = createToken({ name: "Redirect", pattern: new RegExp(`@${lineRest}`) });
export const Condition = createToken({ name: "Condition", pattern: new RegExp(`\\*${lineRest}`) });
export const Http = createToken({ name: "Http", pattern: new RegExp(`\\$${lineRest}`) });
/** `#` starts a directive (`# punc nostrip`, `# bot-ignore CODE`), never a comment in this language. */
export const Directive = createToken({ name: "Directive", pattern: new RegExp(`#${lineRest}`) });

/**
 * Last: a line that starts with any other character. Makes the token set total. A regex here would be a
 * complement set, which Chevrotain cannot index by first character; a matcher with a hint for every
 * first-character bucket (codes below 256 one by one, then one code per 256-block, which is how the
 * lexer buckets the rest) keeps `ensureOptimizations` on.
 */
export const Junk = createToken({
  name: "Junk",
  pattern: { exec: (text, offset) => [text.slice(offset, lineEnd(text, offset))] },
  line_breaks: false,
  start_chars_hint: everyFirstCharBucket(),
});

/** Lexer order. First match wins, so the multi-line tokens precede the single-character commands. */
export const allTokens: TokenType[] = [
  WhiteSpace, // first: the most frequent token, and it must not be taken by Junk
  Newline,
  ObjectBlock, // before LabelOpen: `> object` swallows its raw code block
  BlockComment, // before LineComment and Junk, which both also start with `/`
  LineComment,
  Definition,
  LabelOpen,
  LabelClose,
  Trigger,
  Reply,
  Previous,
  Continue,
  Redirect,
  Condition,
  Http,
  Directive,
  Junk, // last: anything else
];

function matchBlockComment(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (text.charCodeAt(offset) !== 47 || text.charCodeAt(offset + 1) !== 42) return null; // "/*"
  const close = text.indexOf("*/", offset + 2);
  const end = close === -1 ? text.length : close + 2;
  return [text.slice(offset, end)];
}

const objectOpen = /^>[ \t]*object(?![^\s])/;
const objectClose = /^[ \t]*<[ \t]*object(?![^\s])/;

function matchObjectBlock(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (text.charCodeAt(offset) !== 62) return null; // ">"
  const firstLineEnd = lineEnd(text, offset);
  if (!objectOpen.test(text.slice(offset, firstLineEnd))) return null;
  let cursor = nextLine(text, firstLineEnd);
  while (cursor < text.length) {
    const end = lineEnd(text, cursor);
    if (objectClose.test(text.slice(cursor, end))) return [text.slice(offset, end)];
    cursor = nextLine(text, end);
  }
  return [text.slice(offset)];
}

function everyFirstCharBucket(): number[] {
  const hints: number[] = [];
  for (let code = 0; code < 256; code++) if (code !== 10 && code !== 13) hints.push(code);
  for (let block = 1; block < 256; block++) hints.push(block * 256);
  return hints;
}

function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return text.length;
}

function nextLine(text: string, end: number): number {
  if (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10) return end + 2;
  return end + 1;
}
