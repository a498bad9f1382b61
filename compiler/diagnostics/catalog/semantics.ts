/** @module Catalog entries for semantics (BOT1xx): names, references, directions and shortcodes. */
import type { CatalogEntry } from "../types.ts";

export const semanticEntries: CatalogEntry[] = [];
