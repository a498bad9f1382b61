/** @module The `handoff:` section of bot.config.yaml (human takeover, docs/handoff.md): its JSON Schema, types and defaults. */

export const handoffSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    returnTopic: { type: "string", minLength: 1 },
    idleMinutes: { type: "number", exclusiveMinimum: 0, maximum: 10_080 },
    unavailableText: { type: "string", minLength: 1, maxLength: 1600 },
    keyword: { type: "string", minLength: 1, pattern: "\\S" },
    returnKeyword: { type: "string", minLength: 1, pattern: "\\S" },
    webhook: {
      type: "object",
      additionalProperties: false,
      required: ["url"],
      properties: {
        url: { type: "string", minLength: 1 },
        format: { enum: ["json", "slack"] },
        secretEnv: { type: "string", pattern: "^[A-Za-z_][A-Za-z0-9_]*$" },
        allowPrivate: { type: "boolean" },
        maxAttempts: { type: "integer", minimum: 1, maximum: 20 },
      },
    },
  },
} as const;

export interface HandoffWebhookConfig {
  url: string;
  /** `json` (the documented payload, signed) or `slack` (an incoming-webhook `{ text }`, signed too). */
  format: "json" | "slack";
  /** The environment variable holding the signing secret (default `HANDOFF_WEBHOOK_SECRET`). */
  secretEnv: string;
  /** Lets the URL point at a private or loopback address (the SSRF guard refuses those otherwise). */
  allowPrivate: boolean;
  maxAttempts: number;
}

/** `handoff:`, defaults filled in. */
export interface HandoffConfig {
  /** The topic the bot resumes in after a handoff closes without one. */
  returnTopic: string;
  /** A handoff without an agent message for this long closes by itself. */
  idleMinutes: number;
  /** Sent when the idle timer closes a handoff no agent answered; null: nothing is sent. */
  unavailableText: string | null;
  /** A message that is exactly this word (any case) opens a handoff; null: none. */
  keyword: string | null;
  /** During a handoff, a message that is exactly this word gives the conversation back to the bot; null: none. */
  returnKeyword: string | null;
  webhook: HandoffWebhookConfig | null;
}

export const DEFAULT_HANDOFF: HandoffConfig = {
  returnTopic: "default",
  idleMinutes: 30,
  unavailableText: null,
  keyword: null,
  returnKeyword: null,
  webhook: null,
};

/** The section as validated by the schema (bot.config.yaml's parser has checked it), defaults filled in. */
export function handoffConfig(section: unknown): HandoffConfig {
  const raw = (section ?? {}) as Partial<Omit<HandoffConfig, "webhook">> & { webhook?: Partial<HandoffWebhookConfig> & { url: string } };
  return {
    returnTopic: raw.returnTopic ?? DEFAULT_HANDOFF.returnTopic,
    idleMinutes: raw.idleMinutes ?? DEFAULT_HANDOFF.idleMinutes,
    unavailableText: raw.unavailableText ?? null,
    keyword: raw.keyword?.trim() || null,
    returnKeyword: raw.returnKeyword?.trim() || null,
    webhook: raw.webhook
      ? {
          url: raw.webhook.url,
          format: raw.webhook.format ?? "json",
          secretEnv: raw.webhook.secretEnv ?? "HANDOFF_WEBHOOK_SECRET",
          allowPrivate: raw.webhook.allowPrivate ?? false,
          maxAttempts: raw.webhook.maxAttempts ?? 6,
        }
      : null,
  };
}
