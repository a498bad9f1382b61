/** @module JSON Schema of the `sender:` section of bot.config.yaml: the sender type, its rate and its limits (docs/sending.md). */

const rate = { type: "number", exclusiveMinimum: 0, maximum: 100_000 };
const carrierTable = (value: object) => ({ type: "object", propertyNames: { pattern: "^[a-z][a-z0-9-]*$" }, additionalProperties: value });

export const senderSchema = {
  type: "object",
  additionalProperties: false,
  required: ["type"],
  properties: {
    type: { enum: ["long-code", "toll-free", "short-code", "messaging-service", "10dlc"] },
    country: { type: "string", pattern: "^[A-Z]{2}$" },
    segmentsPerSecond: rate,
    horizonSeconds: { type: "number", exclusiveMinimum: 0, maximum: 36_000 },
    replyValiditySeconds: { type: "integer", minimum: 1, maximum: 36_000 },
    carrierRates: carrierTable(rate),
    dailyCaps: carrierTable({ type: "integer", minimum: 1 }),
  },
} as const;
