/** @module AST patterns → IR patterns: runs of words become one normalised literal, groups keep their options. */
import type { Pattern, PatternPart } from "../ir/types.ts";
import type { PatternElement, PatternNode } from "../1-parse/ast.ts";

export function emitPattern(node: PatternNode): Pattern {
  const only = node.parts[0];
  const catchAll = node.parts.length === 1 && only?.type === "Wildcard" && only.kind === "any";
  return { catchAll, parts: emitParts(node.parts), span: node.span };
}

function emitParts(elements: PatternElement[]): PatternPart[] {
  const parts: PatternPart[] = [];
  for (const e of elements) {
    const last = parts[parts.length - 1];
    if (e.type === "Word" && last?.type === "literal") {
      parts[parts.length - 1] = { type: "literal", text: `${last.text} ${e.text}` };
      continue;
    }
    parts.push(emitPart(e));
  }
  return parts;
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
    default: {
      const _exhaustive: never = e;
      return _exhaustive;
    }
  }
}
