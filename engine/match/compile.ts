/** @module Pattern compilation: IR pattern parts become word-level match nodes, the first time a trigger is tried. */
import type { Pattern, PatternPart } from "../../compiler/ir/types.ts";
import { gluedCaptures, gluedSource, gluedSpansWords } from "../../compiler/ir/glued.ts";
import { patternKeys, type IndexKeys, type PatternSource } from "./keys.ts";
import { literalWords, prepareArrays, type ArrayWords } from "./words.ts";
import { buildProgram, type Program } from "./program.ts";
import type { GluedPiece } from "../../compiler/ir/types.ts";

/** Values read at match time (`<get>`, `<bot>`, `<input N>`, `<reply N>`), compared literally as words. */
export type { DynamicSource, MatchNode } from "./nodes.ts";
import type { MatchNode } from "./nodes.ts";

export interface CompiledPattern extends IndexKeys {
  catchAll: boolean;
  nodes: MatchNode[];
  /** Number of star slots. */
  captures: number;
  /** `minWords[i]`: fewest message words that nodes `i…` can consume. */
  minWords: number[];
  /** Backtracking is possible (wildcards, optionals …): the matcher memoises failures. */
  branching: boolean;
  /** What the matcher runs: the nodes flattened into numbered steps. */
  program: Program;
}

/** Every `+ *` compiles to the same matcher, so the brain shares this one. */
export const CATCH_ALL: CompiledPattern = Object.freeze({
  catchAll: true,
  nodes: [],
  captures: 1,
  minWords: [0],
  atomic: null,
  required: [],
  anyOf: null,
  branching: false,
  program: { ops: [{ op: "end" as const }], minRest: [0], groups: 0, chars: false },
});

/** Compiles one pattern against `! array` definitions as written in the IR. */
export function compilePattern(pattern: Pattern, arrays: Readonly<Record<string, readonly string[]>>): CompiledPattern {
  return compileParts(pattern, prepareArrays(arrays));
}

/** `keys` are the pattern's index keys when the caller has them already. */
export function compileParts(pattern: PatternSource, arrays: ArrayWords, keys: IndexKeys = patternKeys(pattern, arrays)): CompiledPattern {
  if (pattern.catchAll) return CATCH_ALL;
  const context: Context = { arrays, captures: 0, pieces: new Map() };
  // A literal-only pattern is its atomic text: one words node, no need to walk the parts again.
  const nodes = keys.atomic !== null ? atomicNodes(keys.atomic) : compileSeq(pattern.parts, true, context);
  const minWords = new Array<number>(nodes.length + 1).fill(0);
  for (let i = nodes.length - 1; i >= 0; i--) minWords[i] = minWords[i + 1]! + minLength(nodes[i]!);
  return {
    catchAll: false,
    nodes,
    captures: context.captures,
    minWords,
    atomic: keys.atomic,
    required: keys.required,
    anyOf: keys.anyOf,
    branching: nodes.some((n) => n.type !== "words" && n.type !== "dynamic"),
    program: buildProgram(nodes, context.pieces),
  };
}

interface Context {
  arrays: ArrayWords;
  /** Star slots handed out so far, left to right. */
  captures: number;
  /** Each glued node's pieces, which the program matches character by character. */
  pieces: Map<MatchNode, readonly GluedPiece[]>;
}

function atomicNodes(text: string): MatchNode[] {
  return text === "" ? [] : [{ type: "words", words: text.split(" ") }];
}

function compileSeq(parts: readonly PatternPart[], top: boolean, context: Context): MatchNode[] {
  const nodes: MatchNode[] = [];
  for (const part of parts) {
    const node = compilePart(part, top, context);
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
}

function compilePart(part: PatternPart, top: boolean, context: Context): MatchNode | null {
  const capture = (): number | null => (top ? context.captures++ : null);
  switch (part.type) {
    case "literal": {
      const words = literalWords(part.text);
      return words.length === 0 ? null : { type: "words", words };
    }
    case "wildcard":
      return part.kind === "any" ? { type: "any", capture: capture(), until: null } : { type: part.kind, capture: capture() };
    case "alternatives": {
      const slot = capture();
      return { type: "alternatives", options: part.options.map((o) => compileSeq(o, false, context)), capture: slot };
    }
    case "optional":
      return { type: "optional", options: part.options.map((o) => compileSeq(o, false, context)) };
    case "array":
      return { type: "array", items: context.arrays.get(part.name) ?? [], capture: part.capture ? capture() : null };
    case "get":
    case "bot":
      return { type: "dynamic", source: { type: part.type, name: part.name } };
    case "input":
    case "reply":
      return { type: "dynamic", source: { type: part.type, index: part.index } };
    case "glued": {
      const slots = Array.from({ length: gluedCaptures(part.pieces) }, capture);
      const node: MatchNode = { type: "glued", regex: new RegExp(`^${gluedSource(part.pieces)}$`, "u"), spans: gluedSpansWords(part.pieces), slots };
      context.pieces.set(node, part.pieces);
      return node;
    }
    default: {
      const _exhaustive: never = part;
      return _exhaustive;
    }
  }
}

function minLength(node: MatchNode): number {
  switch (node.type) {
    case "words":
      return node.words.length;
    case "any":
    case "number":
    case "alpha":
    case "glued":
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
