/**
 * @module Statements kept reachable for the process's life. better-sqlite3 12 on Node 24 aborts the process when
 * the garbage collector destroys a Statement at a moment no Node environment is current (its destructor's
 * RemoveEnvironmentCleanupHook check; better-sqlite3 13 fixes it but needs Node 22). The store's own statements
 * live as long as its connection; a statement made for one use (the migration step's) is held here instead of
 * becoming garbage. Pragmas go through `db.exec`, which makes no Statement at all.
 */
import type Database from "better-sqlite3";

const held: Database.Statement[] = [];

/** `statement`, never collected. For statements prepared a bounded number of times (once per opened database). */
export function retained<S extends Database.Statement>(statement: S): S {
  held.push(statement);
  return statement;
}
