/**
 * @module The two SQL dialects the store speaks. A statement is written once with named parameters
 * (`:name`) and the few fragments that differ (JSON casts, null-safe equality, row locks, liveness) come
 * from the dialect; `compile` turns it into the driver's positional form (`?` or `$n`).
 */
import { processAlive } from "../postgres/locks.ts";

export type DialectName = "sqlite" | "postgres";

export interface Dialect {
  readonly name: DialectName;
  /** A JSON parameter: text in SQLite, jsonb in PostgreSQL. */
  json(param: string): string;
  /** A JSON column as text (for LIKE). */
  text(column: string): string;
  /** A nullable integer parameter, typed where PostgreSQL cannot infer it. */
  int(param: string): string;
  /** A nullable text parameter, typed where PostgreSQL cannot infer it. */
  str(param: string): string;
  readonly false: string;
  /** Null-safe equality. */
  same(a: string, b: string): string;
  /** Case-insensitive LIKE (SQLite's LIKE already is, for ASCII). */
  readonly ilike: string;
  /** Text ordered by bytes, as SQLite does, not by the server's locale. */
  bytes(column: string): string;
  /** Row locks held to the end of the transaction (SQLite's single writer needs none). */
  readonly forUpdate: string;
  /** Locks the selected rows of `table`, passing over rows another transaction holds (PostgreSQL), so processes share the work. */
  skipLocked(table: string): string;
  /** The LIMIT value that means no limit. */
  readonly noLimit: number | null;
  /**
   * SQL true when the runtime process whose liveness key is in `column` is gone (PostgreSQL's advisory
   * lock); never true in SQLite, where one machine tells a dead process by its pid.
   */
  processGone(column: string): string;
  /** A statement that serializes transactions on the text parameter `param` until commit. */
  serialize(namespace: number, param: string): string;
}

export const SQLITE: Dialect = {
  name: "sqlite",
  json: (param) => param,
  text: (column) => column,
  int: (param) => param,
  str: (param) => param,
  false: "0",
  same: (a, b) => `${a} IS ${b}`,
  ilike: "LIKE",
  bytes: (column) => column,
  forUpdate: "",
  skipLocked: () => "",
  noLimit: -1,
  processGone: () => "0",
  serialize: () => "SELECT 1",
};

export const POSTGRES: Dialect = {
  name: "postgres",
  json: (param) => `${param}::jsonb`,
  text: (column) => `${column}::text`,
  int: (param) => `${param}::bigint`,
  str: (param) => `${param}::text`,
  false: "false",
  same: (a, b) => `${a} IS NOT DISTINCT FROM ${b}`,
  ilike: "ILIKE",
  bytes: (column) => `${column} COLLATE "C"`,
  forUpdate: "FOR UPDATE",
  skipLocked: (table) => `FOR UPDATE OF ${table} SKIP LOCKED`,
  noLimit: null,
  processGone: (column) => `(${column} IS NOT NULL AND NOT ${processAlive(column)})`,
  serialize: (namespace, param) => `SELECT pg_advisory_xact_lock(${namespace}, hashtext(${param}))`,
};

export interface Compiled {
  text: string;
  /** Parameter names in the order the driver binds them. */
  names: string[];
}

/**
 * Named parameters to positional ones: `?` per occurrence for SQLite, `$n` per distinct name for
 * PostgreSQL. Quoted strings and `::casts` are left alone.
 */
export function compile(text: string, dialect: DialectName): Compiled {
  const names: string[] = [];
  const out = text.replace(/'(?:[^']|'')*'|::|:([A-Za-z_]\w*)/g, (match, name: string | undefined) => {
    if (name === undefined) return match;
    if (dialect === "sqlite") {
      names.push(name);
      return "?";
    }
    let index = names.indexOf(name);
    if (index < 0) index = names.push(name) - 1;
    return `$${index + 1}`;
  });
  return { text: out, names };
}
