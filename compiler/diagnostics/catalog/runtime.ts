/** @module Catalog entries for run-time events (RUN0xx): logged by the engine and runtime, never compile errors. */
import type { CatalogEntry } from "../types.ts";

export const runtimeEntries: CatalogEntry[] = [];
