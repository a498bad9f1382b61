/**
 * @module Who answers HELP: `runtime.help` in bot.config.yaml (the bot's own choice, read by every runner), which
 * `BOT_HELP` overrides for `bot run` and `bot chat` (the operator's). `bot test` reads only the file, so a
 * transcript's result never depends on the environment it runs in.
 */
import { HELP_MODES, type HelpMode } from "./decide.ts";

export type HelpModeSource = "BOT_HELP" | "bot.config.yaml" | "default";

export interface ResolvedHelpMode {
  mode: HelpMode;
  source: HelpModeSource;
  /** Sentences naming the key or variable to fix. */
  errors: string[];
}

/** `runtime.help` of the raw `runtime:` section, or null when it is not set. */
export function helpModeOfConfig(runtimeSection: unknown): { mode: HelpMode | null; errors: string[] } {
  const value = typeof runtimeSection === "object" && runtimeSection !== null ? (runtimeSection as Record<string, unknown>)["help"] : undefined;
  if (value === undefined || value === null) return { mode: null, errors: [] };
  if (isHelpMode(value)) return { mode: value, errors: [] };
  return {
    mode: null,
    errors: [`bot.config.yaml runtime.help: ${JSON.stringify(value)} is not a help mode; use "twilio" (Twilio answers HELP) or "bot" (the bot's triggers do)`],
  };
}

/** The help mode for `bot run` and `bot chat`: BOT_HELP, else `runtime.help`, else `twilio`. */
export function resolveHelpMode(env: NodeJS.ProcessEnv, runtimeSection: unknown): ResolvedHelpMode {
  const fromFile = helpModeOfConfig(runtimeSection);
  const raw = env["BOT_HELP"]?.trim();
  if (raw) {
    if (isHelpMode(raw)) return { mode: raw, source: "BOT_HELP", errors: fromFile.errors };
    return { mode: fromFile.mode ?? "twilio", source: "BOT_HELP", errors: [...fromFile.errors, `BOT_HELP="${raw}" is not a help mode; use twilio or bot`] };
  }
  if (fromFile.mode !== null) return { mode: fromFile.mode, source: "bot.config.yaml", errors: fromFile.errors };
  return { mode: "twilio", source: "default", errors: fromFile.errors };
}

function isHelpMode(value: unknown): value is HelpMode {
  return typeof value === "string" && (HELP_MODES as readonly string[]).includes(value);
}
