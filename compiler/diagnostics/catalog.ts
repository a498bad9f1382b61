/** @module The one diagnostics catalog: every code the product can emit, merged from the per-area files. */
import type { CatalogEntry } from "./types.ts";
import { syntaxEntries } from "./catalog/syntax.ts";
import { semanticEntries } from "./catalog/semantics.ts";
import { smsEntries } from "./catalog/sms.ts";
import { runtimeEntries } from "./catalog/runtime.ts";

export const catalogEntries: readonly CatalogEntry[] = [...syntaxEntries, ...semanticEntries, ...smsEntries, ...runtimeEntries];

export const catalog: ReadonlyMap<string, CatalogEntry> = new Map(catalogEntries.map((e) => [e.code, e]));

export function catalogEntry(code: string): CatalogEntry {
  const entry = catalog.get(code);
  if (!entry) throw new Error(`unknown diagnostic code ${code}`);
  return entry;
}
