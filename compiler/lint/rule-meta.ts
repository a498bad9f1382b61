/** @module Builds a rule's `meta` from its catalog entry, so the code, severity and messages live in one place. */
import { catalogEntry } from "../diagnostics/catalog.ts";
import type { RuleMeta } from "./types.ts";

/** `meta` for the rule `name` raising `code`: severity, description and the main message come from the catalog. */
export function ruleMeta<O>(
  name: string,
  code: string,
  type: "problem" | "suggestion",
  extra: { schema?: Record<string, unknown>; defaultOptions: O },
): RuleMeta<"main", O> {
  const entry = catalogEntry(code);
  if (entry.name !== name) throw new Error(`rule ${name} raises ${code}, which the catalog names ${entry.name}`);
  return {
    name,
    code,
    type,
    severity: entry.severity,
    docs: { description: entry.description },
    messages: { main: entry.message },
    schema: extra.schema ?? { type: "object", additionalProperties: false, properties: {} },
    defaultOptions: extra.defaultOptions,
  };
}
