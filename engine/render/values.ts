/** @module Reads: captures, history, variables, arrays and HTTP results as text. Unset reads `undefined`. */
import type { Run, Scope, HttpResult } from "../run.ts";

export const UNDEFINED = "undefined";

export function readStar(scope: Scope, index: number, source: "user" | "previous"): string {
  const list = source === "user" ? scope.stars : scope.botstars;
  return list[Math.max(index, 1) - 1] ?? UNDEFINED;
}

export function readHistory(run: Run, kind: "input" | "reply", index: number): string {
  return run.session.history[kind][Math.max(index, 1) - 1] ?? UNDEFINED;
}

/** `<get _name>` reads the read-only namespace facts; other names are user variables. */
export function readUserVar(run: Run, name: string): string {
  return readVar(name.startsWith("_") ? run.session.meta : run.session.vars, name);
}

/** A bot variable or global; unset (or a name like `constructor` that only the object prototype has) reads `undefined`. */
export function readVar(store: Readonly<Record<string, string>>, name: string): string {
  return Object.hasOwn(store, name) ? store[name]! : UNDEFINED;
}

/** An undefined array stays as written, `(@name)`, as in RiveScript. */
export function pickArrayItem(run: Run, name: string): string {
  const items = run.brain.arrays[name];
  if (items === undefined) return `(@${name})`;
  return items.length === 0 ? "" : items[pickIndex(run, items.length)]!;
}

export function pickIndex(run: Run, count: number): number {
  return Math.min(count - 1, Math.max(0, Math.floor(run.env.random() * count)));
}

/** `${{path}}`: `__status` and `__text` are the response itself; other paths walk the JSON body. */
export function readHttpValue(scope: Scope, call: string | null, path: readonly string[]): string {
  const result: HttpResult | undefined = scope.http.get(call);
  if (result === undefined) return "";
  if (path.length === 1 && path[0] === "__status") return String(result.status);
  if (path.length === 1 && path[0] === "__text") return result.text;
  let value: unknown = result.json;
  for (const key of path) {
    if (value === null || typeof value !== "object") return "";
    value = Array.isArray(value) ? (/^[0-9]+$/.test(key) ? value[Number(key)] : undefined) : (value as Record<string, unknown>)[key];
  }
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}
