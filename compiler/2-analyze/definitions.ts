/** @module Merges `!` definitions of all files, in load order: later values win, `<undef>` deletes. */
import type { Reporter } from "../diagnostics/report.ts";
import type { Substitution } from "../ir/types.ts";
import type { DefinitionNode } from "../1-parse/ast.ts";
import type { Span } from "../diagnostics/types.ts";

/** `! global depth`, when not set: how many redirects one reply may follow. */
export const defaultDepth = 20;

export interface Definitions {
  depth: number;
  vars: Record<string, string>;
  globals: Record<string, string>;
  arrays: Record<string, string[]>;
  /** Array items as written, for `(@name)` in replies. */
  arrayTexts: Record<string, string[]>;
  subs: Substitution[];
  person: Substitution[];
}

export function mergeDefinitions(definitions: DefinitionNode[], report: Reporter): Definitions {
  const vars = new Map<string, string>();
  const globals = new Map<string, string>();
  const arrays = new Map<string, string[]>();
  const arrayTexts = new Map<string, string[]>();
  const subs = new Map<string, string>();
  const person = new Map<string, string>();
  const subSpans = new Map<string, Span>();
  let depth = defaultDepth;
  for (const d of definitions) {
    switch (d.kind) {
      case "version":
      case "local":
        break;
      case "global":
        if (d.name === "depth" && d.value !== null) {
          if (/^\d+$/.test(d.value) && Number(d.value) >= 1) depth = Number(d.value);
          else report.depthInvalid(d.span, { value: d.value });
        }
        if (d.name === "depth" && d.value === null) depth = defaultDepth;
        put(globals, d.name, d.value);
        break;
      case "var":
        put(vars, d.name, d.value);
        break;
      case "array":
        put(arrays, d.name, d.value === null ? null : d.items);
        put(arrayTexts, d.name, d.value === null ? null : d.rawItems);
        break;
      case "sub":
        put(subs, normaliseFrom(d.name), d.value);
        subSpans.set(normaliseFrom(d.name), d.span);
        break;
      case "person":
        put(person, normaliseFrom(d.name), d.value);
        break;
      default: {
        const _exhaustive: never = d.kind;
        return _exhaustive;
      }
    }
  }
  reportAlikeKeys([...subs.keys()], subSpans, report);
  return {
    depth,
    vars: Object.fromEntries(vars),
    globals: Object.fromEntries(globals),
    arrays: Object.fromEntries([...arrays.keys()].map((name) => [name, expandArray(name, arrays)])),
    arrayTexts: Object.fromEntries(arrayTexts),
    subs: substitutions(subs),
    person: substitutions(person),
  };
}

function put<T>(map: Map<string, T>, name: string, value: T | null): void {
  if (value === null) map.delete(name);
  else map.set(name, value);
}

/** Substitutions run before punctuation is stripped (`what's` → `what is`), so only case and spacing are normalised. */
function normaliseFrom(name: string): string {
  return name.toLowerCase().trim().replace(/\s+/g, " ");
}

/** Longest first: most words, then most characters, so `i am` is tried before `i`. */
function substitutions(map: Map<string, string>): Substitution[] {
  const words = (s: string): number => s.split(" ").length;
  return [...map].map(([from, to]) => ({ from, to })).sort((a, b) => words(b.from) - words(a.from) || b.from.length - a.from.length);
}

/**
 * Keys are matched as typed (engine/normalise.ts), so `:)` and `;)` are two keys; rivescript removes `. , ! ? ; :` from
 * the message first, which makes them one text no message reaches. Each key alike with an earlier one is BOT117.
 */
function reportAlikeKeys(keys: readonly string[], spans: ReadonlyMap<string, Span>, report: Reporter): void {
  const seen = new Map<string, string>();
  for (const key of keys) {
    const stripped = key
      .split(" ")
      .map((word) => word.replace(/[.,!?;:]/g, ""))
      .filter((word) => word !== "")
      .join(" ");
    const other = seen.get(stripped);
    if (other === undefined) seen.set(stripped, key);
    else report.substitutionKeysAlike(spans.get(key)!, { key, other });
  }
}

/**
 * An item `@other` names another array, whose items it stands for (`! array colors = @rgb @monochrome pink`), as
 * rivescript-js expands it when matching; an array already being expanded (a cycle) or one no `! array` defines adds
 * nothing (rivescript-python leaves the whole array unmatched then). `(@name)` in a reply picks items as written.
 */
function expandArray(name: string, arrays: ReadonlyMap<string, string[]>, seen: ReadonlySet<string> = new Set()): string[] {
  const items = arrays.get(name) ?? [];
  if (!items.some((item) => item.startsWith("@"))) return items;
  const inner = new Set(seen).add(name);
  return items.flatMap((item) => {
    if (!item.startsWith("@")) return [item];
    const other = item.slice(1);
    return inner.has(other) ? [] : expandArray(other, arrays, inner);
  });
}
