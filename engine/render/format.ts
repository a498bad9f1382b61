/** @module `{person}`, `{formal}`, `{sentence}`, `{uppercase}`, `{lowercase}`: applied to text already rendered. */
import type { FormatKind } from "../../compiler/ir/types.ts";
import { findSubstitution, normaliseWord, type SubIndex } from "../normalise.ts";

export function applyFormat(kind: FormatKind, text: string, person: SubIndex): string {
  switch (kind) {
    case "uppercase":
      return text.toUpperCase();
    case "lowercase":
      return text.toLowerCase();
    case "formal":
      return text.replace(/(^|\s)(\S)/gu, (_whole, space: string, first: string) => space + first.toUpperCase());
    case "sentence":
      return text.replace(/^(\s*)(\S)/u, (_whole, space: string, first: string) => space + first.toUpperCase());
    case "person":
      return swapPerson(text, person);
    default: {
      const _exhaustive: never = kind;
      return _exhaustive;
    }
  }
}

const EDGES = /^([^\p{L}\p{M}\p{N}]*)([\s\S]*?)([^\p{L}\p{M}\p{N}]*)$/u;

/**
 * Pronoun swaps on whole words, in one left-to-right pass (so `i`↔`you` swap instead of undoing each other).
 * Punctuation before the first and after the last replaced word is kept.
 */
function swapPerson(text: string, person: SubIndex): string {
  if (person.size === 0) return text;
  const pieces = text.split(/(\s+)/u);
  const tokens = pieces.filter((_, i) => i % 2 === 0);
  const spaces = pieces.filter((_, i) => i % 2 === 1);
  const keys = tokens.map((token) => normaliseWord(token));
  const out: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    const hit = keys[i] === "" ? undefined : findSubstitution(person, keys, i);
    if (hit === undefined) {
      out.push(tokens[i]!, spaces[i] ?? "");
      i += 1;
      continue;
    }
    const last = i + hit.from.length - 1;
    const lead = EDGES.exec(tokens[i]!)?.[1] ?? "";
    const trail = EDGES.exec(tokens[last]!)?.[3] ?? "";
    out.push(lead + hit.to.join(" ") + trail, spaces[last] ?? "");
    i = last + 1;
  }
  return out.join("");
}
