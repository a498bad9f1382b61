/** @module Default lint settings: what `bot lint` uses when bot.config.yaml is absent or silent. */
import type { BotConfig, LintSettings } from "./types.ts";

export const DEFAULT_LINT: Readonly<Omit<LintSettings, "rules" | "ignore">> = {
  // Twilio advises at most 320 characters per SMS: 3 GSM-7 segments.
  segmentLimit: 3,
  assumedVariableLength: 10,
  maxTotalDelaySeconds: 300,
  // Twilio's advice for non-image attachments (carriers drop larger ones with error 30019).
  maxMediaBytes: 600 * 1024,
};

export function defaultConfig(): BotConfig {
  return { sender: null, lint: { ...DEFAULT_LINT, rules: {}, ignore: [] } };
}
