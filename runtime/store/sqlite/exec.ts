/** @module Runs store scripts on better-sqlite3: statements prepared once per connection, positional binding, a script's transaction synchronous from BEGIN to COMMIT. */
import type Database from "better-sqlite3";
import { SQLITE } from "../sql/dialect.ts";
import { compiled, driveSync } from "../sql/script.ts";
import type { Executor, Op, Script, Statement } from "../sql/script.ts";

export interface SqliteExecutor extends Executor {
  /** Runs a script synchronously (inside the caller's transaction, if any). */
  now<T>(script: Script<T>): T;
}

export function sqliteExecutor(db: Database.Database): SqliteExecutor {
  const prepared = new Map<Statement, { statement: Database.Statement; names: string[] }>();
  const exec = (op: Op): unknown => {
    let entry = prepared.get(op.statement);
    if (!entry) {
      const { text, names } = compiled(op.statement, SQLITE);
      entry = { statement: db.prepare(text), names };
      prepared.set(op.statement, entry);
    }
    // better-sqlite3 binds no booleans or undefined: flags are 0/1, absent values NULL.
    const values = entry.names.map((name) => {
      const value = op.params[name];
      return value === undefined ? null : typeof value === "boolean" ? (value ? 1 : 0) : value;
    });
    switch (op.kind) {
      case "all":
        return entry.statement.all(...values);
      case "get":
        return entry.statement.get(...values);
      case "run":
        return entry.statement.run(...values).changes;
      default: {
        const _exhaustive: never = op;
        return _exhaustive;
      }
    }
  };
  const transaction = db.transaction((script: Script<unknown>) => driveSync(script, exec));
  return {
    dialect: SQLITE,
    now: (script) => driveSync(script, exec),
    transaction: async <T>(script: Script<T>) => transaction(script) as T,
    auto: async (script) => driveSync(script, exec),
  };
}
