/**
 * @module Store logic written once for both databases: a script is a generator that yields the statements
 * it needs and gets their rows back. SQLite runs it synchronously inside a better-sqlite3 transaction (no
 * await between statements, so nothing else interleaves and the write path stays as fast as before);
 * PostgreSQL runs it on one pooled client inside BEGIN/COMMIT.
 */
import { compile } from "./dialect.ts";
import type { Compiled, Dialect, DialectName } from "./dialect.ts";

export type Params = Record<string, unknown>;

/** One statement, built per dialect on first use and kept. */
export interface Statement {
  readonly build: (d: Dialect) => string;
  readonly compiled: Partial<Record<DialectName, Compiled>>;
}

export function sql(build: (d: Dialect) => string): Statement {
  return { build, compiled: {} };
}

export function compiled(statement: Statement, dialect: Dialect): Compiled {
  return (statement.compiled[dialect.name] ??= compile(statement.build(dialect), dialect.name));
}

export type Op =
  | { kind: "all"; statement: Statement; params: Params }
  | { kind: "get"; statement: Statement; params: Params }
  | { kind: "run"; statement: Statement; params: Params };

/** A unit of store logic; `yield*` the helpers below inside it. */
export type Script<T> = Generator<Op, T, unknown>;

export function* all<Row>(statement: Statement, params: Params = {}): Script<Row[]> {
  return (yield { kind: "all", statement, params }) as Row[];
}

/** The first row, or undefined. */
export function* get<Row>(statement: Statement, params: Params = {}): Script<Row | undefined> {
  return (yield { kind: "get", statement, params }) as Row | undefined;
}

/** How many rows the statement changed. */
export function* run(statement: Statement, params: Params = {}): Script<number> {
  return (yield { kind: "run", statement, params }) as number;
}

/** Runs a store's scripts: `transaction` in one transaction, `auto` statement by statement. */
export interface Executor {
  readonly dialect: Dialect;
  transaction<T>(script: Script<T>): Promise<T>;
  auto<T>(script: Script<T>): Promise<T>;
}

export function driveSync<T>(script: Script<T>, exec: (op: Op) => unknown): T {
  let step = script.next();
  while (!step.done) step = script.next(exec(step.value));
  return step.value;
}

export async function driveAsync<T>(script: Script<T>, exec: (op: Op) => Promise<unknown>): Promise<T> {
  let step = script.next();
  while (!step.done) step = script.next(await exec(step.value));
  return step.value;
}

/** JSON as the driver hands it back: text from SQLite, already parsed from PostgreSQL's jsonb. */
export function json<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

/** A flag as the driver hands it back: 0/1 from SQLite, a boolean from PostgreSQL. */
export function flag(value: unknown): boolean {
  return value === true || value === 1;
}
