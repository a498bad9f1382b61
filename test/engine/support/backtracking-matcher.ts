/** @module The matcher as it was before matching was bounded (failures memoised at the top level only, glued tokens as regexes): the oracle the bounded matcher must agree with. */
import type { CompiledPattern, DynamicSource, MatchNode } from "../../../engine/match/compile.ts";

/**
 * A capture as a half-open range of message word indexes; `null` when its group did not take part; the text itself
 * when it is part of a word (a glued wildcard: `hello*` against "helloworld" captures "world").
 */
export type CaptureRange = [number, number] | null | { text: string };

/** Reads a dynamic value as normalised words. */
export type ResolveDynamic = (source: DynamicSource) => readonly string[];

const NUMBER_WORD = /^[0-9]+$/;
const ALPHA_WORD = /^[\p{L}\p{M}]+$/u;

/**
 * Matches `words` against a compiled pattern. Wildcards are lazy (fewest words first) and alternatives
 * are tried in source order, so captures are the ones a left-to-right regex engine would report.
 */
export function matchPattern(
  pattern: CompiledPattern,
  words: readonly string[],
  resolve: ResolveDynamic,
  meter: { steps: number; budget: number; exhausted: boolean } = { steps: 0, budget: Infinity, exhausted: false },
): CaptureRange[] | null {
  // Counted as the bounded matcher counts: a node visited, a wildcard end tried; a glued regex run costs at least
  // the characters it reads. Past the budget the match stops (so a test can show the old cost without waiting for it).
  const tick = (n = 1): void => {
    meter.steps += n;
    if (meter.steps > meter.budget) {
      meter.exhausted = true;
      throw new RangeError("out of steps");
    }
  };
  if (pattern.catchAll) return [[0, words.length]];
  // An empty message (nothing left after normalising: "", ".", a picture alone) is for catch-alls only, as in
  // rivescript, whose optionals need a word boundary: `[hello] [there]` must not answer a message with no words.
  if (words.length === 0) return null;
  if (words.length < pattern.minWords[0]!) return null;
  const top = pattern.nodes;
  const count = words.length;
  const captures: CaptureRange[] = new Array<CaptureRange>(pattern.captures).fill(null);
  // failed[i * (count + 1) + pos]: the top-level suffix from node i cannot match from word pos.
  const failed = pattern.branching ? new Uint8Array((top.length + 1) * (count + 1)) : null;

  const wordsAt = (expected: readonly string[], pos: number): boolean => {
    if (pos + expected.length > count) return false;
    for (let k = 0; k < expected.length; k++) if (words[pos + k] !== expected[k]) return false;
    return true;
  };

  const matchTop = (i: number, pos: number): boolean => {
    if (i === top.length) return pos === count;
    if (count - pos < pattern.minWords[i]!) return false;
    const key = i * (count + 1) + pos;
    if (failed !== null && failed[key] === 1) return false;
    const ok = matchNode(top[i]!, pos, (next) => matchTop(i + 1, next), count - pattern.minWords[i + 1]!);
    if (!ok && failed !== null) failed[key] = 1;
    return ok;
  };

  const matchSeq = (nodes: readonly MatchNode[], i: number, pos: number, k: (pos: number) => boolean): boolean => {
    if (i === nodes.length) return k(pos);
    return matchNode(nodes[i]!, pos, (next) => matchSeq(nodes, i + 1, next, k), count);
  };

  const capture = (slot: number | null, start: number, end: number): void => {
    if (slot !== null) captures[slot] = [start, end];
  };

  /** `maxEnd` bounds how far a wildcard may reach (the words the rest of the pattern needs stay free). */
  const matchNode = (node: MatchNode, pos: number, k: (pos: number) => boolean, maxEnd: number): boolean => {
    tick();
    switch (node.type) {
      case "words":
        return wordsAt(node.words, pos) && k(pos + node.words.length);
      case "any":
        for (let end = pos + 1; end <= maxEnd; end++) {
          tick();
          if (node.until !== null && words[end] !== node.until) continue;
          capture(node.capture, pos, end);
          if (k(end)) return true;
        }
        return false;
      case "number":
      case "alpha": {
        const word = words[pos];
        if (word === undefined || !(node.type === "number" ? NUMBER_WORD : ALPHA_WORD).test(word)) return false;
        capture(node.capture, pos, pos + 1);
        return k(pos + 1);
      }
      case "alternatives":
        for (const option of node.options) {
          const ok = matchSeq(option, 0, pos, (end) => {
            capture(node.capture, pos, end);
            return k(end);
          });
          if (ok) return true;
        }
        return false;
      case "optional":
        for (const option of node.options) {
          // An empty option would be the same as skipping, which is tried last anyway.
          if (option.length > 0 && matchSeq(option, 0, pos, k)) return true;
        }
        return k(pos);
      case "array":
        for (const item of node.items) {
          if (wordsAt(item, pos)) {
            capture(node.capture, pos, pos + item.length);
            if (k(pos + item.length)) return true;
          }
        }
        return false;
      case "dynamic": {
        const value = resolve(node.source);
        return wordsAt(value, pos) && k(pos + value.length);
      }
      case "glued": {
        const last = node.spans ? maxEnd : Math.min(maxEnd, pos + 1);
        for (let end = pos + 1; end <= last; end++) {
          const span = words.slice(pos, end).join(" ");
          tick(span.length);
          const found = node.regex.exec(span);
          if (found === null) continue;
          node.slots.forEach((slot, g) => {
            if (slot !== null) captures[slot] = { text: (found[g + 1] ?? "").trim() };
          });
          if (k(end)) return true;
        }
        return false;
      }
      default: {
        const _exhaustive: never = node;
        return _exhaustive;
      }
    }
  };

  try {
    return matchTop(0, 0) ? captures : null;
  } catch (error) {
    if (meter.exhausted) return null;
    throw error;
  }
}
