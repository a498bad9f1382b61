/**
 * @module The runtime's keys in the `runtime:` section of bot.config.yaml, validated here (their owner):
 * `http.allow` (hosts, addresses and CIDR ranges `$` calls may reach although not public), `http.budgetMs`
 * (the time all `$` calls of one reply share), `macros.memoryMb` and `macros.cpuSteps` (limits of one
 * JavaScript macro call). Other keys of the section (`ordering`, read by the linter) are left alone.
 */
import { Ajv } from "ajv";
import { parseAllowEntry } from "./adapters/address-guard.ts";
import { DEFAULT_LIMITS } from "./adapters/sandbox.ts";
import { LOOP_GUARD_SCHEMA, loopGuardSettings } from "./loop-guard/index.ts";
import type { LoopGuardSettings } from "./loop-guard/index.ts";
import type { RawLoopGuard } from "./loop-guard/settings.ts";

export interface RuntimeSettings {
  http: { allow: string[]; budgetMs: number };
  macros: { memoryBytes: number; cpuSteps: number };
  /** `runtime.loopGuard`: stops sending to a user whose traffic looks like a loop; null when turned off. */
  loopGuard: LoopGuardSettings | null;
}

/** Under Twilio's 15 s webhook timeout, with room for the rest of the step. */
export const DEFAULT_HTTP_BUDGET_MS = 10_000;

export function defaultRuntimeSettings(): RuntimeSettings {
  return {
    http: { allow: [], budgetMs: DEFAULT_HTTP_BUDGET_MS },
    macros: { memoryBytes: DEFAULT_LIMITS.memoryBytes, cpuSteps: DEFAULT_LIMITS.cpuSteps },
    loopGuard: loopGuardSettings(undefined),
  };
}

const schema = {
  type: "object",
  properties: {
    http: {
      type: "object",
      additionalProperties: false,
      properties: {
        allow: { type: "array", items: { type: "string", minLength: 1 } },
        budgetMs: { type: "integer", minimum: 100, maximum: 14_000 },
      },
    },
    macros: {
      type: "object",
      additionalProperties: false,
      properties: {
        memoryMb: { type: "integer", minimum: 1, maximum: 1024 },
        cpuSteps: { type: "integer", minimum: 1, maximum: 100_000 },
      },
    },
    loopGuard: LOOP_GUARD_SCHEMA,
  },
};

const validate = new Ajv({ allErrors: true }).compile(schema);

/** Reads the raw `runtime:` section; problems come back as sentences naming the key, all at once. */
export function parseRuntimeSettings(section: unknown): { settings: RuntimeSettings; errors: string[] } {
  const settings = defaultRuntimeSettings();
  const raw = (section ?? {}) as {
    http?: { allow?: string[]; budgetMs?: number };
    macros?: { memoryMb?: number; cpuSteps?: number };
    loopGuard?: RawLoopGuard;
  };
  if (!validate(raw)) {
    const errors = (validate.errors ?? []).map((e) => {
      const where = `runtime${e.instancePath.replaceAll("/", ".")}`;
      return e.keyword === "additionalProperties"
        ? `bot.config.yaml ${where}.${String(e.params.additionalProperty)}: unknown key (known: http.allow, http.budgetMs, macros.memoryMb, macros.cpuSteps, loopGuard.identical, loopGuard.identicalWindowSeconds, loopGuard.perMinute)`
        : `bot.config.yaml ${where}: ${e.message ?? "invalid"}`;
    });
    return { settings, errors };
  }
  const errors: string[] = [];
  for (const entry of raw.http?.allow ?? []) {
    const parsed = parseAllowEntry(entry);
    if ("error" in parsed) errors.push(`bot.config.yaml runtime.http.allow: ${parsed.error}`);
  }
  if (errors.length > 0) return { settings, errors };
  return {
    settings: {
      http: { allow: raw.http?.allow ?? [], budgetMs: raw.http?.budgetMs ?? DEFAULT_HTTP_BUDGET_MS },
      macros: {
        memoryBytes: raw.macros?.memoryMb !== undefined ? raw.macros.memoryMb * 1024 * 1024 : DEFAULT_LIMITS.memoryBytes,
        cpuSteps: raw.macros?.cpuSteps ?? DEFAULT_LIMITS.cpuSteps,
      },
      loopGuard: loopGuardSettings(raw.loopGuard),
    },
    errors: [],
  };
}
