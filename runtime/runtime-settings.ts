/**
 * @module The runtime's keys in the `runtime:` section of bot.config.yaml, validated here (their owner):
 * `http.allow` (hosts, addresses and CIDR ranges `$` calls may reach although not public), `http.budgetMs`
 * (the time all `$` calls of one reply share), `macros.*` (limits of one JavaScript macro call: `memoryMb`,
 * `cpuSteps`, `deadlineMs`, `outputChars`, `hostCalls`, `writes`, `varChars`). Other keys of the section (`ordering`, read by the linter) are left alone.
 */
import { Ajv } from "ajv";
import { parseAllowEntry } from "./adapters/address-guard.ts";
import { DEFAULT_MACRO_LIMITS } from "./adapters/macros.ts";
import type { MacroLimits } from "./adapters/macros.ts";
import { runtimeSettingsSchema } from "../config/runtime-schema.ts";
import { explainErrors } from "../config/explain.ts";
import { loopGuardSettings } from "./loop-guard/index.ts";
import type { LoopGuardSettings } from "./loop-guard/index.ts";
import type { RawLoopGuard } from "./loop-guard/settings.ts";

export interface RuntimeSettings {
  http: { allow: string[]; budgetMs: number };
  macros: Omit<MacroLimits, "stackBytes">;
  /** `runtime.loopGuard`: stops sending to a user whose traffic looks like a loop; null when turned off. */
  loopGuard: LoopGuardSettings | null;
}

/** Under Twilio's 15 s webhook timeout, with room for the rest of the step. */
export const DEFAULT_HTTP_BUDGET_MS = 10_000;

export function defaultRuntimeSettings(): RuntimeSettings {
  return {
    http: { allow: [], budgetMs: DEFAULT_HTTP_BUDGET_MS },
    macros: macroSettings(undefined),
    loopGuard: loopGuardSettings(undefined),
  };
}

const validate = new Ajv({ allErrors: true, verbose: true }).compile(runtimeSettingsSchema);

/** Reads the raw `runtime:` section; problems come back as sentences naming the key, all at once. */
export function parseRuntimeSettings(section: unknown): { settings: RuntimeSettings; errors: string[] } {
  const settings = defaultRuntimeSettings();
  const raw = (section ?? {}) as {
    http?: { allow?: string[]; budgetMs?: number };
    macros?: RawMacros;
    loopGuard?: RawLoopGuard;
  };
  // Every problem in one pass: the schema's, then each list entry that is text but not a valid entry.
  const errors = validate(raw) ? [] : explainErrors(validate.errors ?? [], raw, ["runtime"]).map((p) => `bot.config.yaml ${p.message}`);
  const allow = Array.isArray(raw.http?.allow) ? raw.http.allow : [];
  allow.forEach((entry, i) => {
    if (typeof entry !== "string" || entry === "") return;
    const parsed = parseAllowEntry(entry);
    if ("error" in parsed) errors.push(`bot.config.yaml runtime.http.allow[${i}]: ${parsed.error}`);
  });
  if (errors.length > 0) return { settings, errors };
  return {
    settings: {
      http: { allow: raw.http?.allow ?? [], budgetMs: raw.http?.budgetMs ?? DEFAULT_HTTP_BUDGET_MS },
      macros: macroSettings(raw.macros),
      loopGuard: loopGuardSettings(raw.loopGuard),
    },
    errors: [],
  };
}

type RawMacros = Partial<Omit<MacroLimits, "stackBytes" | "memoryBytes">> & { memoryMb?: number };

function macroSettings(raw: RawMacros | undefined): Omit<MacroLimits, "stackBytes"> {
  const d = DEFAULT_MACRO_LIMITS;
  return {
    memoryBytes: raw?.memoryMb !== undefined ? raw.memoryMb * 1024 * 1024 : d.memoryBytes,
    cpuSteps: raw?.cpuSteps ?? d.cpuSteps,
    deadlineMs: raw?.deadlineMs ?? d.deadlineMs,
    outputChars: raw?.outputChars ?? d.outputChars,
    hostCalls: raw?.hostCalls ?? d.hostCalls,
    writes: raw?.writes ?? d.writes,
    varChars: raw?.varChars ?? d.varChars,
  };
}
