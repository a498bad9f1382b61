/** @module Advisory-lock namespaces: the first key of PostgreSQL's two-key advisory locks, so the runtime's locks never collide with each other or with an application's. */

/** Held while migrations run, keyed by schema: processes starting together migrate one at a time. */
export const MIGRATION_LOCK = 0x626f7401;
/** Held for a process's lifetime, keyed by its random id: tells other processes it is alive. */
export const PROCESS_LOCK = 0x626f7402;
/** Was held while one user's message was processed (now a `user_locks` row, see user-lock.ts); reserved, never reuse. */
export const USER_LOCK = 0x626f7403;
/** Held for the length of a transaction that records a sid or applies its status, keyed by a hash of the sid. */
export const SID_LOCK = 0x626f7404;

/** SQL that is true while the runtime process whose liveness key is `column` holds its liveness lock. */
export function processAlive(column: string): string {
  return `EXISTS (
      SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid::text::bigint = ${PROCESS_LOCK} AND l.objid::text::bigint = ${column})`;
}
/** Held for the length of a transaction that starts a broadcast, keyed by a hash of its fingerprint: two starts of one broadcast never both pass the duplicate check. */
export const BROADCAST_LOCK = 0x626f7405;
