/** @module Writes one step's Changes to SQLite (the shared rules in ../core/changes.ts); callers run it inside a transaction together with their claim. */
import type Database from "better-sqlite3";
import { applyChanges, insertLog } from "../core/changes.ts";
import type { Changes, NewLogEntry } from "../types.ts";
import { sqliteExecutor } from "./exec.ts";

export type ApplyChanges = (changes: Changes) => void;

export function prepareApply(db: Database.Database): { apply: ApplyChanges; insertLog: (entry: NewLogEntry) => void } {
  const exec = sqliteExecutor(db);
  return {
    apply: (changes) => exec.now(applyChanges(changes)),
    insertLog: (entry) => exec.now(insertLog(entry)),
  };
}
