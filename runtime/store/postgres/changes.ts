/** @module Writes one step's Changes to PostgreSQL (the shared rules in ../core/changes.ts); callers run it inside a transaction together with their claim. */
import { applyChanges as changesScript, insertLog as logScript } from "../core/changes.ts";
import type { Changes, NewLogEntry } from "../types.ts";
import { runOn } from "./exec.ts";
import type { Tx } from "./tx.ts";

/** Adds one message log entry; a second entry with a known sid is ignored (a replayed step). */
export function insertLog(client: Tx, entry: NewLogEntry): Promise<void> {
  return runOn(client, logScript(entry));
}

/** Writes every part of `changes` on a client inside a transaction. */
export function applyChanges(client: Tx, changes: Changes): Promise<void> {
  return runOn(client, changesScript(changes));
}
