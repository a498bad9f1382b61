/** @module Message normalisation: substitutions on the tokens as typed (whole tokens), then lowercase, punctuation stripped, single spaces. */
import type { Substitution } from "../compiler/ir/types.ts";

/** Everything that is not a letter, mark or number is punctuation (emoji included). */
const NOT_WORD_CHAR = /[^\p{L}\p{M}\p{N}]/gu;
const WHITESPACE = /\s+/u;

/** Substitutions indexed by their first word; each list keeps the IR order (longest first). */
export type SubIndex = Map<string, { from: string[]; to: string[] }[]>;

/** A normalised message. `ranges[i]` is the span of raw tokens word `i` came from (for `# punc nostrip`). */
export interface Message {
  text: string;
  words: string[];
  wordSet: Set<string>;
  raw: string[];
  ranges: [number, number][];
}

/** One token as matching sees it: NFC, lowercase, punctuation removed (may become empty). */
export function normaliseWord(token: string): string {
  return token.normalize("NFC").toLowerCase().replace(NOT_WORD_CHAR, "");
}

/** Splits text into normalised words, dropping tokens that were only punctuation. No substitutions. */
export function normaliseWords(text: string): string[] {
  const words: string[] = [];
  for (const token of text.split(WHITESPACE)) {
    const word = normaliseWord(token);
    if (word !== "") words.push(word);
  }
  return words;
}

/**
 * A token as substitution keys are written and compared: NFC, lowercase, typographic quotes as `'`/`"` (a phone's
 * `I’m` meets `! sub i'm`), punctuation kept. A key is matched as typed, so `! sub :d = grin` never touches the word
 * `d` and `;)` and `:)` are two keys.
 */
export function substitutionToken(token: string): string {
  return token
    .normalize("NFC")
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/gu, "'")
    .replace(/[\u201c\u201d]/gu, '"');
}

/** The six characters RiveScript removes from a message before it looks for substitution keys. */
const SUB_STRIPPED = /[.,!?;:]/gu;
const SUB_TRAILING = /[.,!?;:]+$/u;
const HAS_SUB_STRIPPED = /[.,!?;:]/u;
const PLAIN_TOKEN = /^[a-z0-9]+$/;

/**
 * The forms of one message token a key is compared with, first match wins: as typed (`;)`), without the sentence
 * punctuation after it (`what's?` → `what's`, `:).` → `:)`), and as RiveScript compares it (all six removed:
 * `a.m.` → `am`).
 */
export function substitutionForms(token: string): string[] {
  // Most tokens are plain lowercase words: their one form is the token itself.
  if (PLAIN_TOKEN.test(token)) return [token];
  const typed = substitutionToken(token);
  if (!HAS_SUB_STRIPPED.test(typed)) return [typed];
  const trailing = typed.replace(SUB_TRAILING, "");
  const stripped = typed.replace(SUB_STRIPPED, "");
  const forms = [typed];
  if (trailing !== typed && trailing !== "") forms.push(trailing);
  if (stripped !== trailing && stripped !== "") forms.push(stripped);
  return forms;
}

/** Message substitutions normalise `to`; person substitutions (`keepCase`) keep it as written ("I am"). */
export function buildSubIndex(subs: readonly Substitution[], keepCase = false): SubIndex {
  const index: SubIndex = new Map();
  for (const sub of subs) {
    const from = keepCase ? normaliseWords(sub.from) : substitutionTokens(sub.from);
    const first = from[0];
    if (first === undefined) continue;
    const list = index.get(first) ?? [];
    list.push({ from, to: keepCase ? sub.to.split(WHITESPACE).filter((w) => w !== "") : normaliseWords(sub.to) });
    index.set(first, list);
  }
  return index;
}

function substitutionTokens(text: string): string[] {
  return text
    .split(WHITESPACE)
    .map(substitutionToken)
    .filter((token) => token !== "");
}

/**
 * Normalises a message (or a redirect target, or a history entry) exactly as matching expects it: substitutions
 * first, on the tokens as typed (see `substitutionForms`), whole tokens only; then every token is lowercased and
 * stripped of everything that is not a letter, mark or number.
 */
export function normaliseMessage(body: string, subs: SubIndex): Message {
  const raw = body.split(WHITESPACE).filter((token) => token !== "");
  const words: string[] = [];
  const ranges: [number, number][] = [];
  if (subs.size === 0) {
    raw.forEach((token, i) => {
      const word = normaliseWord(token);
      if (word !== "") {
        words.push(word);
        ranges.push([i, i]);
      }
    });
    return { text: words.join(" "), words, wordSet: new Set(words), raw, ranges };
  }
  const forms = raw.map(substitutionForms);
  let i = 0;
  while (i < raw.length) {
    const hit = findMessageSubstitution(subs, forms, i);
    if (hit === undefined) {
      const token = raw[i]!;
      const word = PLAIN_TOKEN.test(token) ? token : normaliseWord(token);
      if (word !== "") {
        words.push(word);
        ranges.push([i, i]);
      }
      i += 1;
      continue;
    }
    // Replacement words inherit the raw span of everything they replaced.
    const span: [number, number] = [i, i + hit.from.length - 1];
    for (const word of hit.to) {
      words.push(word);
      ranges.push(span);
    }
    i += hit.from.length;
  }
  return { text: words.join(" "), words, wordSet: new Set(words), raw, ranges };
}

/** The substitution at token `at`: keys starting with the token's first form first, each list longest first. */
function findMessageSubstitution(subs: SubIndex, forms: readonly string[][], at: number): { from: string[]; to: string[] } | undefined {
  for (const form of forms[at]!) {
    const hit = subs.get(form)?.find((sub) => sub.from.every((word, k) => k === 0 || forms[at + k]?.includes(word) === true));
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** Person substitutions, on words already normalised. */
export function findSubstitution(subs: SubIndex, words: readonly string[], at: number): { from: string[]; to: string[] } | undefined {
  const list = subs.get(words[at]!);
  if (list === undefined) return undefined;
  return list.find((sub) => sub.from.every((word, k) => words[at + k] === word));
}

/** `^reminder` names: `"WakeUp Call"` → `wakeup_call`. */
export function snakeName(name: string): string {
  return normaliseWords(name.replace(/[^\p{L}\p{M}\p{N}]+/gu, " ")).join("_");
}
