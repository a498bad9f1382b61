/**
 * @module Misspelt tags in replies (BOT030): `<gte name>`, `<sett name=bob>`, `{topc=menu}`, `<delya seconds=2>`.
 *
 * The rule (docs/language.md, "Tags"): where the scanner finds no tag, a `<` or `{` followed at once by a
 * name of three or more letters or digits that starts with a letter, then a blank, `=` or the closing `>`
 * or `}`, with that closer later in the reply, is a misspelt tag when a known tag name is within a small
 * edit distance of that name (one edit for names of up to four characters, two for longer ones; swapping
 * two neighbouring letters is one edit). HTML element names (`<b>`, `<br>`, `<span>` …) are never reported.
 * So `a < b`, `<3`, `<-`, `x<y`, `{}` and unrelated words in brackets (`<joke>`, `{name}`) stay text, as
 * do `<raw>` contents and anything written with `\<` or `\{`.
 */
import type { Scan } from "./template-scan.ts";
import { spanOf } from "./source.ts";

/** Names of `<…>` tags the scanner reads (closing ones with their `/`). */
const ANGLE = [
  "star",
  "botstar",
  "input",
  "reply",
  "id",
  "noreply",
  "send",
  "raw",
  "/raw",
  "call",
  "/call",
  "get",
  "set",
  "bot",
  "env",
  "add",
  "sub",
  "mult",
  "div",
  "delay",
  "person",
  "formal",
  "sentence",
  "uppercase",
  "lowercase",
  // Not tags in `<…>` form, but written as if they were the closers of `<person>`…: left alone, never "corrected".
  "/person",
  "/formal",
  "/sentence",
  "/uppercase",
  "/lowercase",
];
/** Names of `{…}` tags. */
const BRACE = [
  "topic",
  "weight",
  "random",
  "/random",
  "ok",
  "person",
  "/person",
  "formal",
  "/formal",
  "sentence",
  "/sentence",
  "uppercase",
  "/uppercase",
  "lowercase",
  "/lowercase",
];

/** HTML elements: text in a reply (for channels that show it), never taken for a misspelt tag. */
const HTML = new Set(
  (
    "a abbr address area article aside audio b base bdi bdo big blockquote body br button canvas caption center cite code col colgroup " +
    "data datalist dd del details dfn dialog dir div dl dt em embed fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 " +
    "head header hr html i iframe img ins kbd label legend li link main map mark menu meta meter nav noscript object ol optgroup " +
    "option output p param picture pre progress q rp rt ruby s samp script section select small source span strike strong style " +
    "sub summary sup table tbody td template textarea tfoot th thead time title tr track tt u ul var video wbr"
  )
    .split(" ")
    .flatMap((name) => [name, `/${name}`]),
);

/** At `<` or `{` where no tag was found: reports a misspelt tag there, if this is one. Never moves the scan. */
export function reportMisspeltTag(s: Scan, end: number): void {
  const open = s.text.charAt(s.pos);
  const closer = open === "<" ? ">" : "}";
  const text = s.text;
  let i = s.pos + 1;
  if (text.charAt(i) === "/") i++;
  if (!/[A-Za-z]/.test(text.charAt(i))) return;
  while (i < end && /[A-Za-z0-9]/.test(text.charAt(i))) i++;
  const word = text.slice(s.pos + 1, i).toLowerCase();
  if (word.replace("/", "").length < 3 || HTML.has(word)) return;
  const next = text.charAt(i);
  if (next !== closer && next !== "=" && !/\s/.test(next)) return;
  const close = text.indexOf(closer, i);
  if (close === -1 || close >= end) return;
  const known = open === "<" ? ANGLE : BRACE;
  if (known.includes(word)) return;
  const suggestion = nearest(word, known);
  if (suggestion === null) return;
  const wordStart = spanOf(s.src, s.pos + 1, s.pos + 1).start;
  const wordEnd = spanOf(s.src, s.pos + 1 + word.length, s.pos + 1 + word.length).start;
  s.report.tagUnknown(
    spanOf(s.src, s.pos, close + 1),
    { tag: `${open}${text.slice(s.pos + 1, i)}${closer}`, suggestion: `${open}${suggestion}${closer}` },
    { title: `Change it to ${open}${suggestion}${closer}`, edits: [{ start: wordStart, end: wordEnd, text: suggestion }] },
  );
}

/** The closest known name within the allowed distance (ties: the first listed), or null. */
export function nearest(word: string, known: readonly string[]): string | null {
  const limit = word.length <= 4 ? 1 : 2;
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const name of known) {
    const d = editDistance(word, name, limit);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal string alignment distance (a swap of neighbours is one edit), or `limit + 1` once it is over `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return Math.min(rows[a.length]![b.length]!, limit + 1);
}
