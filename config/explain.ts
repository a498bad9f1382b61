/**
 * @module JSON Schema errors (ajv, `allErrors` and `verbose`) turned into one plain sentence per bad value or
 * key, with the path of the key it is about. Generic over the schema: the allowed values are read from the
 * schema node itself (enum, type, bounds, length, `description`), so a section added to the schema needs
 * no new wording. No ajv words reach users (`oneOf`, `must NOT have`, `instancePath`).
 */
import type { ErrorObject } from "ajv";

/** A path into the config: keys, and indexes of lists. */
export type ConfigPath = (string | number)[];

export interface ConfigProblem {
  /** The value (or, with `key`, the key) the problem is about. */
  path: ConfigPath;
  /** True when the problem is the key itself (unknown, or a bad name): point at the key, not its value. */
  key: boolean;
  message: string;
}

type Schema = Record<string, unknown>;

/** `lint.rules.SMS001[1].limit`; `(top level)` for the root. */
export function formatPath(path: ConfigPath): string {
  let out = "";
  for (const segment of path) out += typeof segment === "number" ? `[${segment}]` : out === "" ? segment : `.${segment}`;
  return out === "" ? "(top level)" : out;
}

/** Each bad value or key once, in document order of the errors, as sentences. `data` is the validated value. */
export function explainErrors(errors: readonly ErrorObject[], data: unknown, base: ConfigPath = []): ConfigProblem[] {
  // The branches of a failing oneOf/anyOf explain nothing on their own: the group's sentence lists every branch.
  const groups = errors.filter((e) => e.keyword === "oneOf" || e.keyword === "anyOf");
  const kept = errors.filter((e) => !groups.some((g) => g !== e && e.schemaPath.startsWith(`${g.schemaPath}/`)));
  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  const add = (problem: ConfigProblem): void => {
    const id = `${problem.key}|${JSON.stringify(problem.path)}`;
    if (seen.has(id)) return;
    seen.add(id);
    problems.push(problem);
  };
  for (const error of kept) {
    const path = [...base, ...pathOf(error.instancePath, data)];
    switch (error.keyword) {
      case "additionalProperties": {
        const key = String(error.params.additionalProperty);
        const known = Object.keys(((error.parentSchema as Schema | undefined)?.properties as Schema | undefined) ?? {}).filter((k) => k !== "$schema");
        const hint = known.length > 0 ? ` (known keys: ${known.join(", ")})` : "";
        add({ path: [...path, key], key: true, message: `${formatPath([...path, key])}: unknown key${hint}` });
        break;
      }
      case "required": {
        const missing = String(error.params.missingProperty);
        add({ path, key: false, message: `${formatPath(path)}: the key ${missing} is missing` });
        break;
      }
      case "propertyNames":
        break;
      default: {
        if (typeof error.params.propertyName === "string") {
          // An error about a key's name (propertyNames): the inner error carries the name.
          const name = error.params.propertyName;
          const rule = describeSchema(error.parentSchema as Schema);
          add({
            path: [...path, name],
            key: true,
            message: `${formatPath([...path, name])}: the key ${JSON.stringify(name)} is not allowed here; keys must be ${rule}`,
          });
          break;
        }
        const allowed = describeSchema(error.parentSchema as Schema);
        add({ path, key: false, message: `${formatPath(path)}: ${shown(error.data)} is not allowed; use ${allowed}` });
      }
    }
  }
  return problems;
}

/** Instance path `/lint/rules/SMS001/1` → `["lint", "rules", "SMS001", 1]` (indexes where the data holds a list). */
function pathOf(instancePath: string, data: unknown): ConfigPath {
  const path: ConfigPath = [];
  let node: unknown = data;
  for (const raw of instancePath.split("/").slice(1)) {
    const segment = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    const index = Array.isArray(node) && /^\d+$/.test(segment) ? Number(segment) : null;
    path.push(index ?? segment);
    node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return path;
}

/** A value as the user wrote it, short. */
function shown(value: unknown): string {
  if (value === null || value === undefined) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a section";
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/** What a schema node accepts, in plain words: `a whole number from 1 to 24`, `"off", "warn" or "error"`. */
export function describeSchema(schema: Schema | undefined): string {
  if (!schema) return "a valid value";
  if (typeof schema.description === "string") return schema.description;
  const branches = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (branches) return orList(branches.map(describeSchema));
  if (Array.isArray(schema.enum)) return orList(schema.enum.map((v) => JSON.stringify(v)));
  if ("const" in schema) return JSON.stringify(schema.const);
  switch (schema.type) {
    case "integer":
      return `a whole number${bounds(schema)}`;
    case "number":
      return `a number${bounds(schema)}`;
    case "string":
      return text(schema);
    case "boolean":
      return "true or false";
    case "array": {
      const items = schema.items;
      const count =
        schema.minItems !== undefined && schema.minItems === schema.maxItems
          ? `a list of ${String(schema.minItems)}`
          : schema.minItems !== undefined
            ? `a list of at least ${String(schema.minItems)}`
            : "a list";
      if (Array.isArray(items)) return `${count}: ${(items as Schema[]).map(describeSchema).join(", then ")}`;
      return items && typeof items === "object" ? `${count} of ${plural(describeSchema(items as Schema))}` : count;
    }
    case "object":
      return "a section of keys and values";
    default:
      return "a valid value";
  }
}

function bounds(schema: Schema): string {
  const low = schema.minimum as number | undefined;
  const above = schema.exclusiveMinimum as number | undefined;
  const high = schema.maximum as number | undefined;
  const below = schema.exclusiveMaximum as number | undefined;
  if (low !== undefined && high !== undefined) return ` from ${low} to ${high}`;
  const parts: string[] = [];
  if (low !== undefined) parts.push(`of at least ${low}`);
  if (above !== undefined) parts.push(`above ${above}`);
  if (high !== undefined) parts.push(`of at most ${high}`);
  if (below !== undefined) parts.push(`below ${below}`);
  return parts.length === 0 ? "" : ` ${parts.join(" and ")}`;
}

/** Patterns the config schemas use, in words; any other is shown as written. */
const PATTERNS: Readonly<Record<string, string>> = {
  "^[A-Z]{2}$": "a two-letter country code in capitals, such as US",
  "^[a-z][a-z0-9-]*$": "a name of lowercase letters, digits and -, starting with a letter",
};

function text(schema: Schema): string {
  if (typeof schema.pattern === "string") return PATTERNS[schema.pattern] ?? `text of the form ${schema.pattern}`;
  return schema.minLength === 1 ? "non-empty text" : "text";
}

/** `a whole number from 1 to 5` → `whole numbers from 1 to 5`; `non-empty text` → `non-empty text values`. */
function plural(phrase: string): string {
  const bare = phrase.replace(/^an? /, "");
  if (/^(whole number|number)/.test(bare)) return bare.replace(/^(whole number|number)/, "$1s");
  if (/^(non-empty )?text\b/.test(bare)) return bare.replace(/^((non-empty )?text)/, "$1 values");
  return bare;
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}
