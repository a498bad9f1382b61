/** @module Writes: user, bot and global variables, and `<add|sub|mult|div>` arithmetic. */
import type { MathOp } from "../../compiler/ir/types.ts";
import { log, type Run } from "../run.ts";
import { UNDEFINED } from "./values.ts";

/** Empty or `undefined` clears, so an unset variable and a cleared one read the same. */
export function writeVar(store: Record<string, string>, name: string, value: string): void {
  if (value === "" || value === UNDEFINED) delete store[name];
  // A name built at run time can be any text; `__proto__` must become a variable, not the store's prototype.
  else Object.defineProperty(store, name, { value, writable: true, enumerable: true, configurable: true });
}

/** Namespace facts (`_name`) are read-only: writes to them are ignored (the compiler rejects them). */
export function setUserVar(run: Run, name: string, value: string): void {
  if (!name.startsWith("_")) writeVar(run.session.vars, name, value);
}

export function isNumber(text: string): boolean {
  return text.trim() !== "" && Number.isFinite(Number(text));
}

/** An unset variable counts as 0. Non-numbers and division by zero leave the variable as it was. */
export function applyMath(run: Run, op: MathOp, name: string, valueText: string): void {
  const currentText = Object.hasOwn(run.session.vars, name) ? run.session.vars[name]! : "0";
  const value = valueText.trim();
  if (!isNumber(currentText) || !isNumber(value)) {
    log(run, "RUN002", { op, name, value, current: currentText });
    return;
  }
  const current = Number(currentText);
  const operand = Number(value);
  if (op === "div" && operand === 0) {
    log(run, "RUN003", { name, value });
    return;
  }
  const result = op === "add" ? current + operand : op === "sub" ? current - operand : op === "mult" ? current * operand : current / operand;
  // Twelve significant digits hide binary rounding noise (0.1 + 0.2 stores "0.3").
  setUserVar(run, name, String(Number(result.toPrecision(12))));
}
