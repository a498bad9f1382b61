/** @module `--where` audience filters: `NAME op VALUE` over namespace variables (session meta) and user variables, AND-ed. */
import type { UserRecord } from "../store/index.ts";
import { isNamespaceVariable } from "../../compiler/ir/namespace-variables.ts";

export type Condition =
  | { type: "equals"; name: string; negate: boolean; value: string }
  | { type: "order"; name: string; op: "<" | ">"; value: number }
  | { type: "contains"; name: string; value: string }
  | { type: "exists"; name: string };

/** Epoch-ms variables: `<` and `>` also accept a date for them. */
const TIME_VARIABLES = new Set(["_firstMsgSent", "_lastMsgReceived", "_sessionStarted"]);

export { NAMESPACE_VARIABLES } from "../../compiler/ir/namespace-variables.ts";

export class WhereError extends Error {
  override name = "WhereError";
}

const FORM = /^\s*([A-Za-z_][\w]*)\s*(?:(!=|=|<|>)\s*(.*?)|\s(contains)\s+(.*?)|\s(exists))\s*$/;

/** Parses one expression; throws WhereError naming the expression and the accepted forms. */
export function parseWhere(expression: string): Condition {
  const match = FORM.exec(expression);
  if (!match) {
    throw new WhereError(
      `--where "${expression}": expected NAME = VALUE, NAME != VALUE, NAME < NUMBER, NAME > NUMBER, NAME contains TEXT or NAME exists (e.g. --where "_fromCountry = US")`,
    );
  }
  const name = match[1]!;
  if (match[6]) return { type: "exists", name };
  if (match[4]) return { type: "contains", name, value: unquote(match[5]!) };
  const op = match[2] as "=" | "!=" | "<" | ">";
  const raw = unquote(match[3]!);
  if (raw === "") throw new WhereError(`--where "${expression}": ${op} needs a value after it`);
  if (op === "=" || op === "!=") return { type: "equals", name, negate: op === "!=", value: raw };
  return { type: "order", name, op, value: orderValue(expression, name, raw) };
}

function orderValue(expression: string, name: string, raw: string): number {
  if (isNumeric(raw)) return Number(raw);
  if (TIME_VARIABLES.has(name) && /^\d{4}-\d{2}-\d{2}/.test(raw)) {
    const at = Date.parse(raw);
    if (!Number.isNaN(at)) return at;
  }
  const hint = TIME_VARIABLES.has(name) ? " or a date such as 2024-05-01" : "";
  throw new WhereError(`--where "${expression}": < and > compare numbers; "${raw}" is not a number${hint}`);
}

function unquote(value: string): string {
  const v = value.trim();
  return /^(["']).*\1$/.test(v) && v.length >= 2 ? v.slice(1, -1) : v;
}

function isNumeric(value: string): boolean {
  return value.trim() !== "" && Number.isFinite(Number(value));
}

/** Every name the conditions read that is neither a namespace variable nor set for any user: a typo, most likely. */
export function unknownVariables(conditions: Condition[], known: Set<string>): string[] {
  return [...new Set(conditions.map((c) => c.name))].filter((name) => !isNamespaceVariable(name) && !known.has(name));
}

/** A variable's value for one user: `_…` names from the session's namespace facts, others from user variables. */
export function variableOf(user: UserRecord, name: string): string | undefined {
  if (name.startsWith("_")) {
    if (name === "_platformId" || name === "_userPhone") return user.id;
    if (name === "_platform") return "sms";
    return user.session?.meta[name];
  }
  return user.session?.vars[name];
}

export function matches(user: UserRecord, condition: Condition): boolean {
  const value = variableOf(user, condition.name);
  switch (condition.type) {
    case "exists":
      return value !== undefined && value !== "";
    case "contains":
      return value !== undefined && value.toLowerCase().includes(condition.value.toLowerCase());
    case "equals": {
      const same = value !== undefined && equal(value, condition.value);
      return condition.negate ? !same : same;
    }
    case "order": {
      if (value === undefined || !isNumeric(value)) return false;
      const n = Number(value);
      return condition.op === "<" ? n < condition.value : n > condition.value;
    }
    default: {
      const _exhaustive: never = condition;
      return _exhaustive;
    }
  }
}

/** Numbers compare as numbers (`3` = `3.0`), text case-insensitively (`us` = `US`). */
function equal(a: string, b: string): boolean {
  if (isNumeric(a) && isNumeric(b)) return Number(a) === Number(b);
  return a.toLowerCase() === b.toLowerCase();
}

export function matchesAll(user: UserRecord, conditions: Condition[]): boolean {
  return conditions.every((c) => matches(user, c));
}
