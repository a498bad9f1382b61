/** @module Advisory-lock namespaces: the first key of PostgreSQL's two-key advisory locks, so the runtime's locks never collide with each other or with an application's. */

/** Held while migrations run, keyed by schema: processes starting together migrate one at a time. */
export const MIGRATION_LOCK = 0x626f7401;
/** Held for a process's lifetime, keyed by its random id: tells other processes it is alive. */
export const PROCESS_LOCK = 0x626f7402;
/** Held while one user's message is processed, keyed by a hash of schema and phone number. */
export const USER_LOCK = 0x626f7403;
/** Held for the length of a transaction that records a sid or applies its status, keyed by a hash of the sid. */
export const SID_LOCK = 0x626f7404;
