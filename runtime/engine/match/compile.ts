/** @module Pattern compilation: IR pattern parts become word-level match nodes once, when the brain loads. */
import type { Pattern, PatternPart } from "../../../compiler/ir/types.ts";
import { normaliseWords } from "../normalise.ts";

/** Values read at match time (`<get>`, `<bot>`, `<input N>`, `<reply N>`), compared literally as words. */
export type DynamicSource =
  | { type: "get"; name: string }
  | { type: "bot"; name: string }
  | { type: "input"; index: number }
  | { type: "reply"; index: number };

/** `capture` is the star slot a top-level node fills; nested nodes never capture. */
export type MatchNode =
  | { type: "words"; words: string[] }
  /** `until`: the first word of a literal that directly follows, so only positions holding it are tried. */
  | { type: "any"; capture: number | null; until: string | null }
  | { type: "number"; capture: number | null }
  | { type: "alpha"; capture: number | null }
  | { type: "alternatives"; options: MatchNode[][]; capture: number | null }
  | { type: "optional"; options: MatchNode[][] }
  /** Items longest first, so the most specific item is captured when several would fit. */
  | { type: "array"; items: string[][]; capture: number | null }
  | { type: "dynamic"; source: DynamicSource };

export interface CompiledPattern {
  catchAll: boolean;
  nodes: MatchNode[];
  /** Number of star slots. */
  captures: number;
  /** `minWords[i]`: fewest message words that nodes `i…` can consume. */
  minWords: number[];
  /** The exact normalised text when the pattern is only literal words (hash lookup). */
  atomic: string | null;
  /** Top-level literal words: every matching message contains all of them. */
  required: string[];
  /** When there are no required words: a matching message contains at least one of these (or null). */
  anyOf: string[] | null;
  /** Backtracking is possible (wildcards, optionals …): the matcher memoises failures. */
  branching: boolean;
}

export function compilePattern(pattern: Pattern, arrays: Record<string, string[]>): CompiledPattern {
  let captures = 0;
  const nextCapture = (top: boolean): number | null => (top ? captures++ : null);

  const compileSeq = (parts: readonly PatternPart[], top: boolean): MatchNode[] => {
    const nodes: MatchNode[] = [];
    for (const part of parts) {
      const node = compilePart(part, top);
      if (node === null) continue;
      const last = nodes[nodes.length - 1];
      if (node.type === "words" && last?.type === "words") last.words.push(...node.words);
      else nodes.push(node);
    }
    nodes.forEach((node, i) => {
      const next = nodes[i + 1];
      if (node.type === "any" && next?.type === "words") node.until = next.words[0]!;
    });
    return nodes;
  };

  const compilePart = (part: PatternPart, top: boolean): MatchNode | null => {
    switch (part.type) {
      case "literal": {
        const words = normaliseWords(part.text);
        return words.length === 0 ? null : { type: "words", words };
      }
      case "wildcard":
        return part.kind === "any" ? { type: "any", capture: nextCapture(top), until: null } : { type: part.kind, capture: nextCapture(top) };
      case "alternatives": {
        const capture = nextCapture(top);
        return { type: "alternatives", options: part.options.map((o) => compileSeq(o, false)), capture };
      }
      case "optional":
        return { type: "optional", options: part.options.map((o) => compileSeq(o, false)) };
      case "array": {
        const items = (arrays[part.name] ?? [])
          .map((item) => normaliseWords(item))
          .filter((words) => words.length > 0)
          .sort((a, b) => b.length - a.length);
        return { type: "array", items, capture: part.capture ? nextCapture(top) : null };
      }
      case "get":
      case "bot":
        return { type: "dynamic", source: { type: part.type, name: part.name } };
      case "input":
      case "reply":
        return { type: "dynamic", source: { type: part.type, index: part.index } };
      default: {
        const _exhaustive: never = part;
        return _exhaustive;
      }
    }
  };

  const nodes = pattern.catchAll ? [] : compileSeq(pattern.parts, true);
  const minWords = new Array<number>(nodes.length + 1).fill(0);
  for (let i = nodes.length - 1; i >= 0; i--) minWords[i] = minWords[i + 1]! + minLength(nodes[i]!);
  const onlyWords = nodes.every((n) => n.type === "words");
  const required = [...new Set(nodes.flatMap((n) => (n.type === "words" ? n.words : [])))];
  return {
    catchAll: pattern.catchAll,
    nodes,
    captures: pattern.catchAll ? 1 : captures,
    minWords,
    atomic: !pattern.catchAll && onlyWords ? required.length === 0 ? "" : wordsText(nodes) : null,
    required,
    anyOf: required.length === 0 ? alternativeKeys(nodes) : null,
    branching: nodes.some((n) => n.type !== "words" && n.type !== "dynamic"),
  };
}

function wordsText(nodes: MatchNode[]): string {
  return nodes.flatMap((n) => (n.type === "words" ? n.words : [])).join(" ");
}

function minLength(node: MatchNode): number {
  switch (node.type) {
    case "words":
      return node.words.length;
    case "any":
    case "number":
    case "alpha":
      return 1;
    case "alternatives":
      if (node.options.length === 0) return 0;
      return Math.min(...node.options.map((o) => o.reduce((sum, n) => sum + minLength(n), 0)));
    case "array":
      return node.items.length === 0 ? 0 : Math.min(...node.items.map((i) => i.length));
    case "optional":
    case "dynamic":
      return 0;
    default: {
      const _exhaustive: never = node;
      return _exhaustive;
    }
  }
}

/**
 * For a pattern without top-level literal words: the smallest key set taken from one top-level
 * alternatives/array group whose every option starts with (or contains) a required literal word.
 */
function alternativeKeys(nodes: MatchNode[]): string[] | null {
  let best: string[] | null = null;
  for (const node of nodes) {
    let keys: string[] | null = null;
    if (node.type === "alternatives") {
      const perOption = node.options.map((o) => o.find((n) => n.type === "words"));
      if (perOption.every((n) => n !== undefined)) keys = perOption.map((n) => (n as { words: string[] }).words[0]!);
    } else if (node.type === "array" && node.items.length > 0) {
      keys = node.items.map((item) => item[0]!);
    }
    if (keys !== null) {
      const unique = [...new Set(keys)];
      if (best === null || unique.length < best.length) best = unique;
    }
  }
  return best;
}
