/** @module The shape of bot.config.yaml, defaults filled in: lint reads `lint:`, the sender model `sender:`; the other sections are objects their owners validate. */

export type SenderType = "long-code" | "toll-free" | "short-code" | "messaging-service" | "10dlc";

/** The `sender:` section of bot.config.yaml (docs/sending.md). */
export interface SenderConfig {
  type: SenderType;
  country?: string;
  segmentsPerSecond?: number;
  horizonSeconds?: number;
  replyValiditySeconds?: number;
  /** 10DLC: segments per second per carrier. */
  carrierRates?: Record<string, number>;
  /** 10DLC: messages per day per carrier. */
  dailyCaps?: Record<string, number>;
}
export type RuleLevel = "off" | "warn" | "error";

/** The `lint:` section of bot.config.yaml, defaults filled in. */
export interface LintSettings {
  segmentLimit: number;
  assumedVariableLength: number;
  maxTotalDelaySeconds: number;
  maxMediaBytes: number;
  /** Per rule (code or name): a level, or `[level, options]`. */
  rules: Record<string, RuleLevel | [RuleLevel, Record<string, unknown>]>;
  /** Globs (relative to the bot root) of source files whose findings are dropped. */
  ignore: string[];
}

/** The whole bot.config.yaml. `runtime` and `broadcast` are validated by the schema here and read by their owners. */
export interface BotConfig {
  sender: SenderConfig | null;
  lint: LintSettings;
  runtime?: Record<string, unknown>;
  broadcast?: Record<string, unknown>;
  /** Human takeover (config/handoff-schema.ts reads it). */
  handoff?: Record<string, unknown>;
  /** Sub-folders with their own package.json or bot.config.yaml loaded into this bot all the same. */
  include?: string[];
  [section: string]: unknown;
}
