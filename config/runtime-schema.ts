/** @module JSON Schema of the runtime's keys in the `runtime:` section of bot.config.yaml (pure data: `bot lint` checks it with the rest of the file, `bot run` through runtime-settings.ts). */

/** `runtime.loopGuard` (runtime/loop-guard/settings.ts reads it). One type per key, so a bad value inside the section is reported by its own key. */
export const LOOP_GUARD_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    enabled: { type: "boolean" },
    identical: { type: "integer", minimum: 1 },
    identicalWindowSeconds: { type: "integer", minimum: 1 },
    perMinute: { type: "integer", minimum: 1 },
  },
} as const;

export const runtimeSettingsSchema = {
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
        deadlineMs: { type: "integer", minimum: 10, maximum: 14_000 },
        outputChars: { type: "integer", minimum: 1, maximum: 16 * 1024 * 1024 },
        hostCalls: { type: "integer", minimum: 1, maximum: 1_000_000 },
        writes: { type: "integer", minimum: 0, maximum: 100_000 },
        varChars: { type: "integer", minimum: 1, maximum: 1024 * 1024 },
      },
    },
    // Who answers HELP and INFO (sms/keywords/help-mode.ts reads it): Twilio's auto-reply or the bot's triggers.
    help: { enum: ["twilio", "bot"] },
    loopGuard: LOOP_GUARD_SCHEMA,
  },
} as const;
