/**
 * @module A trigger's pattern as the brain holds it: index keys at load, the matcher built the first time the
 * trigger is tried. The index offers only a few triggers per message, so most matchers are never built, and
 * loading a large bot costs little more than reading its keys.
 */
import type { Pattern, PatternPart } from "../../compiler/ir/types.ts";
import { CATCH_ALL, compileParts, type CompiledPattern } from "./compile.ts";
import { NO_WORDS, patternKeys, plainAtomicText, type IndexKeys } from "./keys.ts";
import type { ArrayWords } from "./words.ts";

export interface LazyPattern extends IndexKeys {
  /** The IR's parts (they carry no spans) until the matcher is built; not kept for literal-only patterns, whose text is the key. */
  parts: readonly PatternPart[] | null;
  /** A cache: filled on first use, the same matcher `compileParts` would give every time. */
  matcher: CompiledPattern | null;
}

/** Every branch builds the same object shape, so loading stays on one fast path. */
export function lazyPattern(pattern: Pattern, arrays: ArrayWords): LazyPattern {
  if (pattern.catchAll) return { atomic: null, required: NO_WORDS, anyOf: null, parts: null, matcher: CATCH_ALL };
  const plain = plainAtomicText(pattern);
  if (plain !== null) return { atomic: plain, required: NO_WORDS, anyOf: null, parts: null, matcher: null };
  const keys = patternKeys(pattern, arrays);
  return { atomic: keys.atomic, required: keys.required, anyOf: keys.anyOf, parts: keys.atomic === null ? pattern.parts : null, matcher: null };
}

export function matcherOf(pattern: LazyPattern, arrays: ArrayWords): CompiledPattern {
  if (pattern.matcher === null) {
    pattern.matcher = compileParts({ catchAll: false, parts: pattern.parts ?? [] }, arrays, pattern);
    pattern.parts = null;
  }
  return pattern.matcher;
}
