/** @module AST patterns → IR patterns: runs of words become one normalised literal, groups keep their options. */
import type { Pattern, PatternPart } from "../ir/types.ts";
import type { PatternElement, PatternNode } from "../1-parse/ast.ts";
import { exactArray } from "../1-parse/exact-array.ts";

export function emitPattern(node: PatternNode): Pattern {
  const only = node.parts[0];
  const catchAll = node.parts.length === 1 && only?.type === "Wildcard" && only.kind === "any";
  return { catchAll, parts: emitParts(node.parts), span: node.span };
}

/** A run of words is one literal: the engine matches it as a single string. */
function emitParts(elements: PatternElement[]): PatternPart[] {
  const parts: PatternPart[] = [];
  let literal: string | null = null;
  for (const e of elements) {
    if (e.type === "Word") {
      literal = literal === null ? e.text : `${literal} ${e.text}`;
      continue;
    }
    if (literal !== null) parts.push({ type: "literal", text: literal });
    literal = null;
    parts.push(emitPart(e));
  }
  if (literal !== null) parts.push({ type: "literal", text: literal });
  return exactArray(parts);
}

function emitPart(e: PatternElement): PatternPart {
  switch (e.type) {
    case "Word":
      return { type: "literal", text: e.text };
    case "Wildcard":
      return { type: "wildcard", kind: e.kind };
    case "Alternatives":
      return { type: "alternatives", options: e.options.map(emitParts) };
    case "Optional":
      return { type: "optional", options: e.options.map(emitParts) };
    case "ArrayRef":
      return { type: "array", name: e.name, capture: e.capture };
    case "PatternTag":
      return { type: e.tag, name: e.name };
    case "PatternHistory":
      return { type: e.tag, index: e.index };
    case "Glued":
      return { type: "glued", pieces: e.pieces };
    default: {
      const _exhaustive: never = e;
      return _exhaustive;
    }
  }
}
