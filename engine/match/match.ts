/**
 * @module The word-level matcher: a depth-first walk of the pattern's flat program (`program.ts`) in the order a
 * left-to-right regex engine backtracks, with every failed (step, position) pair memoised. A step's continuation
 * is fixed, so a pair that failed once fails again: each pair is expanded at most once and matching is linear in
 * the program's size times the message's length (`stepBound`), nested optionals and glued wildcards included.
 * A meter counts the steps and cuts a match off at its budget.
 */
import type { CompiledPattern, DynamicSource } from "./compile.ts";
import type { Op } from "./program.ts";

/**
 * A capture as a half-open range of message word indexes; `null` when its group did not take part; the text itself
 * when it is part of a word (a glued wildcard: `hello*` against "helloworld" captures "world").
 */
export type CaptureRange = [number, number] | null | { text: string };

/** Reads a dynamic value as normalised words. */
export type ResolveDynamic = (source: DynamicSource) => readonly string[];

/** Counts the matcher's steps; a match that would take more than `budget` stops and sets `exhausted`. */
export interface MatchMeter {
  steps: number;
  budget: number;
  exhausted: boolean;
}

/**
 * Steps one trigger may take on one message. The bound of a real trigger on a 1,600-character message is far below
 * it (tens of thousands of steps); only a pattern of thousands of nodes gets near it, and `bot lint` warns on those (BOT211).
 */
export const MATCH_STEP_BUDGET = 2_000_000;

export function newMeter(budget = MATCH_STEP_BUDGET): MatchMeter {
  return { steps: 0, budget, exhausted: false };
}

const NUMBER_WORD = /^[0-9]+$/;
const ALPHA_WORD = /^[\p{L}\p{M}]+$/u;
/** What a glued `_` (`[^\s\d]` in RiveScript's regex) may not cover. */
const BLANK_OR_DIGIT = /^[\s\d]$/u;
const DIGIT = /^\d$/u;
/** What a glued `*` (`.` in a regex) may not cover. */
const LINE_END = /^[\n\r\u2028\u2029]$/u;

/** Per (step, position): the step's entry failed; a wildcard's lazy loop already tried this end. */
const ENTRY_FAILED = 1;
const LOOP_TRIED = 2;

class OutOfSteps extends Error {}

/**
 * Matches `words` against a compiled pattern. Wildcards are lazy (fewest words first) and alternatives
 * are tried in source order, so captures are the ones a left-to-right regex engine would report.
 */
export function matchPattern(
  pattern: CompiledPattern,
  words: readonly string[],
  resolve: ResolveDynamic,
  meter: MatchMeter = newMeter(),
): CaptureRange[] | null {
  if (pattern.catchAll) return [[0, words.length]];
  // An empty message (nothing left after normalising: "", ".", a picture alone) is for catch-alls only, as in
  // rivescript, whose optionals need a word boundary: `[hello] [there]` must not answer a message with no words.
  if (words.length === 0) return null;
  if (words.length < pattern.minWords[0]!) return null;
  const { ops, minRest, groups } = pattern.program;
  const count = words.length;
  const text = pattern.program.chars ? charsOf(words) : null;
  const width = (text === null ? count : text.chars.length) + 1;
  const memo = pattern.branching ? new Uint8Array(ops.length * width) : null;
  const starts = new Int32Array(groups);
  // Word ranges (`[start, end]`) or, for glued slots, character ranges marked by `glued`.
  const from = new Int32Array(pattern.captures).fill(-1);
  const to = new Int32Array(pattern.captures);
  const glued = new Uint8Array(pattern.captures);

  const tick = (): void => {
    if (++meter.steps > meter.budget) throw new OutOfSteps();
  };

  const wordsAt = (expected: readonly string[], pos: number): boolean => {
    if (pos + expected.length > count) return false;
    for (let k = 0; k < expected.length; k++) if (words[pos + k] !== expected[k]) return false;
    return true;
  };

  const setCapture = (slot: number | null, start: number, end: number, chars: boolean): void => {
    if (slot === null) return;
    from[slot] = start;
    to[slot] = end;
    glued[slot] = chars ? 1 : 0;
  };

  /** True when the program from step `s` matches from position `pos` (a word, or a character inside a glued token). */
  const run = (s: number, pos: number): boolean => {
    tick();
    const op = ops[s]!;
    if (op.op === "end") return pos === count;
    const key = s * width + pos;
    if (memo !== null && (memo[key]! & ENTRY_FAILED) !== 0) return false;
    const ok = expand(op, s, pos);
    if (!ok && memo !== null) memo[key]! |= ENTRY_FAILED;
    return ok;
  };

  /**
   * A lazy wildcard's loop: tries ends `first`, `first + 1` … up to `last` while `unit(end)` holds. An end tried
   * once has failed (a success ends the whole match), and the loop from it only goes on to later ends, so a later
   * entry stops where an earlier one went before: the loop visits each (step, end) once per match.
   */
  const loop = (s: number, first: number, last: number, unit: (end: number) => boolean, attempt: (end: number) => boolean): boolean => {
    for (let end = first; end <= last; end++) {
      tick();
      if (!unit(end)) return false;
      const key = s * width + end;
      if (memo !== null) {
        if ((memo[key]! & LOOP_TRIED) !== 0) return false;
        memo[key]! |= LOOP_TRIED;
      }
      if (attempt(end)) return true;
    }
    return false;
  };

  const expand = (op: Exclude<Op, { op: "end" }>, s: number, pos: number): boolean => {
    switch (op.op) {
      case "words":
        return wordsAt(op.words, pos) && run(op.next, pos + op.words.length);
      case "any": {
        if (count - pos < minRest[s]!) return false;
        const until = op.until;
        return loop(
          s,
          pos + 1,
          count - minRest[op.next]!,
          () => true,
          (end) => {
            if (until !== null && words[end] !== until) return false;
            setCapture(op.capture, pos, end, false);
            return run(op.next, end);
          },
        );
      }
      case "number":
      case "alpha": {
        const word = words[pos];
        if (word === undefined || !(op.op === "number" ? NUMBER_WORD : ALPHA_WORD).test(word)) return false;
        setCapture(op.capture, pos, pos + 1, false);
        return run(op.next, pos + 1);
      }
      case "branch": {
        if (count - pos < minRest[s]!) return false;
        if (op.group >= 0) starts[op.group] = pos;
        for (const option of op.options) if (run(option, pos)) return true;
        return op.skip && run(op.next, pos);
      }
      case "close":
        setCapture(op.capture, starts[op.group]!, pos, false);
        return run(op.next, pos);
      case "array":
        for (const item of op.items) {
          if (wordsAt(item, pos)) {
            setCapture(op.capture, pos, pos + item.length, false);
            if (run(op.next, pos + item.length)) return true;
          }
        }
        return false;
      case "dynamic": {
        const value = resolve(op.source);
        return wordsAt(value, pos) && run(op.next, pos + value.length);
      }
      case "glued":
        if (count - pos < minRest[s]!) return false;
        starts[op.group] = pos;
        return run(op.first, text!.wordStart[pos]!);
      case "text": {
        const chars = text!.chars;
        for (let k = 0; k < op.chars.length; k++) if (chars[pos + k] !== op.chars[k]) return false;
        return run(op.next, pos + op.chars.length);
      }
      case "class": {
        const chars = text!.chars;
        const fits =
          op.kind === "any" ? (c: string) => !LINE_END.test(c) : op.kind === "number" ? (c: string) => DIGIT.test(c) : (c: string) => !BLANK_OR_DIGIT.test(c);
        return loop(
          s,
          pos + 1,
          chars.length,
          (end) => fits(chars[end - 1]!),
          (end) => {
            setCapture(op.slot, pos, end, true);
            return run(op.next, end);
          },
        );
      }
      case "choice":
        starts[op.group] = pos;
        for (const option of op.options) if (run(option, pos)) return true;
        return false;
      case "cclose":
        setCapture(op.slot, starts[op.group]!, pos, true);
        return run(op.next, pos);
      case "gend": {
        const word = text!.wordEnd[pos]!;
        if (word < 0 || (!op.spans && word !== starts[op.group]! + 1)) return false;
        return run(op.next, word);
      }
      default: {
        const _exhaustive: never = op;
        return _exhaustive;
      }
    }
  };

  try {
    if (!run(0, 0)) return null;
  } catch (error) {
    if (!(error instanceof OutOfSteps)) throw error;
    meter.exhausted = true;
    return null;
  }
  const captures: CaptureRange[] = [];
  for (let slot = 0; slot < pattern.captures; slot++) {
    if (from[slot]! < 0) captures.push(null);
    else if (glued[slot] === 1) captures.push({ text: text!.chars.slice(from[slot], to[slot]).join("").trim() });
    else captures.push([from[slot]!, to[slot]!]);
  }
  return captures;
}

/** The message as code points (words joined by single spaces), where each word starts, and which word ends where. */
interface MessageChars {
  chars: string[];
  wordStart: Int32Array;
  /** `wordEnd[c]`: the number of words up to character `c` when a word ends there, else -1. */
  wordEnd: Int32Array;
}

function charsOf(words: readonly string[]): MessageChars {
  const chars: string[] = [];
  const wordStart = new Int32Array(words.length + 1);
  const ends: number[] = [];
  words.forEach((word, w) => {
    if (w > 0) chars.push(" ");
    wordStart[w] = chars.length;
    for (const c of word) chars.push(c);
    ends.push(chars.length);
  });
  wordStart[words.length] = chars.length;
  const wordEnd = new Int32Array(chars.length + 1).fill(-1);
  ends.forEach((c, w) => (wordEnd[c] = w + 1));
  return { chars, wordStart, wordEnd };
}
