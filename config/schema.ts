/** @module JSON Schema of bot.config.yaml. Lint owns `lint`, the sender model owns `sender`; other sections are objects validated by their owners. */
import { senderSchema } from "./sender-schema.ts";
import { runtimeSettingsSchema } from "./runtime-schema.ts";
import { handoffSchema } from "./handoff-schema.ts";

const level = { enum: ["off", "warn", "error"] };

/** Sections other parts of the product own: accepted here as objects, checked by their owners. */
export const foreignSections = ["runtime", "broadcast"] as const;

export const configSchema = {
  $id: "https://dexter-bot.dev/schemas/bot.config.json",
  type: "object",
  additionalProperties: false,
  properties: {
    $schema: { type: "string" },
    sender: senderSchema,
    lint: {
      type: "object",
      additionalProperties: false,
      properties: {
        segmentLimit: { type: "integer", minimum: 1, maximum: 24 },
        assumedVariableLength: { type: "integer", minimum: 0, maximum: 1600 },
        maxTotalDelaySeconds: { type: "number", exclusiveMinimum: 0 },
        maxMediaBytes: { type: "integer", minimum: 1 },
        rules: {
          type: "object",
          additionalProperties: {
            description: '"off", "warn" or "error", or a level with options such as [error, { limit: 4 }]',
            oneOf: [level, { type: "array", minItems: 2, maxItems: 2, items: [level, { type: "object" }] }],
          },
        },
        ignore: { type: "array", items: { type: "string", minLength: 1 } },
      },
    },
    ...Object.fromEntries(foreignSections.map((name) => [name, { type: "object" }])),
    // The runtime's own keys are checked here too, so one `bot lint` names every bad value of the file.
    runtime: runtimeSettingsSchema,
    // Human takeover (docs/handoff.md), read by runtime/handoff/.
    handoff: handoffSchema,
    // Sub-folders with their own package.json or bot.config.yaml that are still part of this bot (bin/nested-projects.ts).
    include: {
      type: "array",
      items: { type: "string", minLength: 1, description: "a sub-folder, relative to the bot folder, such as shared/faq" },
    },
  },
} as const;
