/** @module Validates behaviour changes (from `configure()` or `PATCH /_emulator/config`) before they take effect. */
import { Ajv } from "ajv";
import type { EmulatorBehavior } from "./types.ts";

const phone = { type: "string", pattern: "^\\+[1-9]\\d{1,14}$" };
const failure = {
  type: "object",
  required: ["status", "errorCode"],
  properties: { status: { enum: ["failed", "undelivered"] }, errorCode: { type: "integer", minimum: 30000, maximum: 39999 } },
};

const schema = {
  type: "object",
  additionalProperties: false,
  properties: {
    webhookUrl: { type: ["string", "null"] },
    trial: { type: "boolean" },
    verifiedNumbers: { type: "array", items: phone },
    phoneNumbers: {
      type: "array",
      items: {
        type: "object",
        required: ["phone"],
        additionalProperties: false,
        properties: { phone: { type: "string", minLength: 1 }, sms: { type: "boolean" }, mms: { type: "boolean" } },
      },
    },
    messagingServices: {
      type: "object",
      propertyNames: { pattern: "^MG[0-9a-fA-F]{32}$" },
      additionalProperties: { type: "array", items: phone },
    },
    recipientErrors: { type: "object", additionalProperties: { type: "integer", minimum: 10000, maximum: 99999 } },
    rateLimit: {
      oneOf: [
        { type: "null" },
        {
          type: "object",
          required: ["limit", "windowMs"],
          additionalProperties: false,
          properties: { limit: { type: "integer", minimum: 0 }, windowMs: { type: "integer", minimum: 1 } },
        },
      ],
    },
    metering: {
      oneOf: [
        { type: "null" },
        {
          type: "object",
          additionalProperties: false,
          properties: {
            segmentsPerSecond: { type: "number", exclusiveMinimum: 0 },
            senders: { type: "object", additionalProperties: { type: "number", exclusiveMinimum: 0 } },
            queueSeconds: { type: "number", exclusiveMinimum: 0 },
            accountMps: { type: "number", exclusiveMinimum: 0 },
          },
        },
      ],
    },
    delivery: {
      type: "object",
      additionalProperties: false,
      properties: {
        latencyMs: { type: "number", minimum: 0 },
        jitterMs: { type: "number", minimum: 0 },
        reorderProbability: { type: "number", minimum: 0, maximum: 1 },
        failures: { type: "object", additionalProperties: failure },
        failureRate: {
          ...failure,
          required: ["status", "errorCode", "probability"],
          properties: { ...failure.properties, probability: { type: "number", minimum: 0, maximum: 1 } },
        },
        callbackTimeoutMs: { type: "number", minimum: 1 },
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true }).compile(schema);

/** Throws with every problem listed when the patch is malformed; otherwise returns the merged behaviour. */
export function mergeBehavior(current: EmulatorBehavior, patch: unknown): EmulatorBehavior {
  if (!validate(patch)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message ?? "is invalid"}`);
    throw new Error(`invalid emulator configuration: ${problems.join("; ")}`);
  }
  return { ...current, ...(patch as Partial<EmulatorBehavior>) };
}
