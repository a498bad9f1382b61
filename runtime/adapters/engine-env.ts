/** @module The engine's I/O as the runtime builds it: `$` calls through the guarded fetcher, macros in the sandbox, randomness; each injectable. */
import type { Logger } from "pino";
import type { BotIR } from "../../compiler/ir/types.ts";
import type { Clock, EngineEnv } from "../../engine/types.ts";
import { defaultRuntimeSettings } from "../runtime-settings.ts";
import type { RuntimeSettings } from "../runtime-settings.ts";
import { createFetcher } from "./fetcher.ts";
import { createMacroHost } from "./macros.ts";

export interface EngineEnvOptions {
  ir: BotIR;
  clock: Clock;
  logger: Logger;
  /** Engine I/O; defaults: `createFetcher()`, `createMacroHost(ir.objects)`, `Math.random`. */
  engine?: Partial<Pick<EngineEnv, "fetcher" | "macros" | "random">>;
  /** `runtime.http` and `runtime.macros`; defaults when not given. */
  config?: Pick<RuntimeSettings, "http" | "macros">;
}

/** Engine I/O from the runtime settings (`runtime.http`, `runtime.macros`; defaults when not given). */
export function engineEnv(options: EngineEnvOptions): EngineEnv {
  const { http, macros } = options.config ?? defaultRuntimeSettings();
  return {
    clock: options.clock,
    random: options.engine?.random ?? Math.random,
    fetcher: options.engine?.fetcher ?? createFetcher({ logger: options.logger, allow: http.allow }),
    macros: options.engine?.macros ?? createMacroHost(options.ir.objects, { logger: options.logger, limits: macros }),
  };
}
