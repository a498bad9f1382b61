/** @module Catalog entries for syntax (BOT0xx): lexing and parsing. */
import type { CatalogEntry } from "../types.ts";

export const syntaxEntries: CatalogEntry[] = [];
