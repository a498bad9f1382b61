/** @module The durable inbound spool for when the database is away (docs/operations.md, "When the database is away"). */
export { openSpool, isStoreAway } from "./spool.ts";
export type { Spool, SpoolOptions } from "./spool.ts";
export { spooledStore } from "./store.ts";
export { spoolSettingsFromEnv, DEFAULT_SPOOL_MAX_AGE_H, DEFAULT_SPOOL_MAX_MB } from "./settings.ts";
export type { SpoolSettings } from "./settings.ts";
export type { SpoolEntry } from "./entry.ts";
