/**
 * @module The part of Twilio's OpenAPI description the contract tests read: every path under
 * `/Accounts/{AccountSid}/Messages`, the components they reference (transitively), the security schemes
 * and tags those operations name. Pure, so the test suite can check it on a small description.
 */

/** The fields of an OpenAPI 3 document this subset touches; everything else at the top level is kept as it is. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  tags?: { name: string }[];
  [key: string]: unknown;
}

export const MESSAGES_PREFIX = "/2010-04-01/Accounts/{AccountSid}/Messages";

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** `#/components/<kind>/<name>` → [kind, name] (JSON Pointer `~1`/`~0` unescaped), or null for any other ref. */
function componentOf(ref: string): [string, string] | null {
  const match = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
  if (!match) return null;
  const unescape = (s: string): string => s.replace(/~1/g, "/").replace(/~0/g, "~");
  return [unescape(match[1]!), unescape(match[2]!)];
}

function collectRefs(value: unknown, out: string[]): void {
  if (Array.isArray(value)) for (const item of value) collectRefs(item, out);
  else if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (key === "$ref" && typeof inner === "string") out.push(inner);
      else collectRefs(inner, out);
    }
  }
}

/** Throws when a path's operations reference a component the document does not define (the subset would not compile). */
export function messagesSubset(spec: OpenApiDocument, prefix = MESSAGES_PREFIX): OpenApiDocument {
  const paths = Object.fromEntries(Object.entries(spec.paths).filter(([path]) => path === `${prefix}.json` || path.startsWith(`${prefix}/`)));
  if (Object.keys(paths).length === 0) throw new Error(`no paths under ${prefix} in this description`);

  const components: Record<string, Record<string, unknown>> = {};
  const pending: string[] = [];
  collectRefs(paths, pending);
  while (pending.length > 0) {
    const ref = pending.pop()!;
    const target = componentOf(ref);
    if (!target) throw new Error(`unsupported $ref ${ref}: only #/components/<kind>/<name> is followed`);
    const [kind, name] = target;
    if (components[kind]?.[name] !== undefined) continue;
    const value = spec.components?.[kind]?.[name];
    if (value === undefined) throw new Error(`$ref ${ref} names no component of the description`);
    (components[kind] ??= {})[name] = value;
    collectRefs(value, pending);
  }

  const operations = Object.values(paths).flatMap((item) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.has(method))
      .map(([, op]) => op as { tags?: string[]; security?: Record<string, unknown>[] }),
  );
  const security = [...((spec["security"] as Record<string, unknown>[] | undefined) ?? []), ...operations.flatMap((op) => op.security ?? [])];
  for (const requirement of security) {
    for (const scheme of Object.keys(requirement)) {
      const value = spec.components?.["securitySchemes"]?.[scheme];
      if (value === undefined) throw new Error(`security scheme ${scheme} is not defined in components.securitySchemes`);
      (components["securitySchemes"] ??= {})[scheme] = value;
    }
  }
  const usedTags = new Set(operations.flatMap((op) => op.tags ?? []));

  return {
    ...spec,
    ...(spec.tags ? { tags: spec.tags.filter((tag) => usedTags.has(tag.name)) } : {}),
    paths,
    components: Object.fromEntries(
      Object.keys(components)
        .sort()
        .map((kind) => [kind, sortKeys(components[kind]!)]),
    ),
  };
}

function sortKeys(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key]]),
  );
}
