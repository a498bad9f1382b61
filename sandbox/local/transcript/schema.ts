/** @module The transcript file format (`*.test.yaml`) as a JSON Schema, compiled once with ajv. */
import { Ajv } from "ajv";

const text = { type: "string" } as const;

/** One expected message: a body matcher and/or media. */
const messageMatcher = {
  type: "object",
  additionalProperties: false,
  minProperties: 1,
  properties: {
    body: text,
    to: text,
    contains: text,
    regex: text,
    oneOf: { type: "array", items: text, minItems: 1 },
    media: { type: "array", items: text },
  },
} as const;

const expectation = {
  "x-hint": "expect must be a string, a list of messages, { none: true }, or a matcher ({ body, contains, regex, oneOf, media, to })",
  anyOf: [
    text,
    { type: "object", additionalProperties: false, required: ["none"], properties: { none: { const: true } } },
    messageMatcher,
    {
      type: "array",
      items: { "x-hint": "each expected message is a string or a matcher ({ body, contains, regex, oneOf, media, to })", anyOf: [text, messageMatcher] },
    },
  ],
} as const;

const duration = {
  "x-hint": 'a duration is milliseconds (3000) or a string such as "500ms", "3s", "10m", "2h", "1d", "1h30m"',
  anyOf: [
    { type: "integer", minimum: 0 },
    { type: "string", pattern: "^\\s*(\\d+(\\.\\d+)?\\s*(ms|s|m|h|d)\\s*)+$" },
  ],
} as const;

const varValues = {
  type: "object",
  additionalProperties: { "x-hint": "a variable value is a string, number, boolean or null (unset)", type: ["string", "number", "boolean", "null"] },
} as const;

const canned = {
  type: "object",
  additionalProperties: false,
  properties: {
    status: { type: "integer", minimum: 0, maximum: 999 },
    json: {},
    text: text,
    error: text,
  },
} as const;

const http = { type: "object", additionalProperties: canned } as const;

const step = {
  type: "object",
  additionalProperties: false,
  minProperties: 1,
  properties: {
    say: text,
    media: { type: "array", items: text },
    user: text,
    advance: duration,
    expect: expectation,
    vars: varValues,
    set: varValues,
    topic: text,
    optedOut: { type: "boolean" },
    note: text,
    // Human takeover (docs/handoff.md): an operator's message, and closing the handoff (a return topic, a closing message).
    agent: text,
    close: {
      "x-hint": "close is true, a return topic, or { topic, message }",
      anyOf: [{ const: true }, text, { type: "object", additionalProperties: false, properties: { topic: text, message: text } }],
    },
  },
  allOf: [
    { "x-hint": "a step either says something or advances the clock, not both", not: { required: ["say", "advance"] } },
    {
      "x-hint": "a step does one thing: say, advance, agent or close",
      not: {
        anyOf: [
          ["say", "agent"],
          ["say", "close"],
          ["advance", "agent"],
          ["advance", "close"],
          ["agent", "close"],
        ].map((r) => ({ required: r })),
      },
    },
    { "x-hint": "media belongs to a say step", not: { required: ["media"], not: { required: ["say"] } } },
  ],
} as const;

export const transcriptSchema = {
  $id: "https://dexter-bot.dev/schemas/transcript.json",
  type: "object",
  additionalProperties: false,
  required: ["tests"],
  properties: {
    bot: text,
    script: text,
    seed: { type: "integer" },
    now: {
      anyOf: [{ type: "integer" }, { type: "string", format: "date-time" }],
      "x-hint": "now is epoch ms or an ISO date-time such as 2026-01-01T09:00:00Z",
    },
    user: text,
    help: { "x-hint": 'help is "twilio" (Twilio answers HELP and INFO, the bot does not run) or "bot" (the bot answers)', enum: ["twilio", "bot"] },
    http,
    tests: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "steps"],
        properties: {
          name: text,
          user: text,
          seed: { type: "integer" },
          now: { anyOf: [{ type: "integer" }, { type: "string", format: "date-time" }] },
          http,
          steps: { type: "array", minItems: 1, items: step },
        },
      },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
ajv.addKeyword({ keyword: "x-hint", schemaType: "string" });
// ajv-formats' date-time needs a timezone; accept exactly what `new Date()` can read instead.
ajv.addFormat("date-time", (value: string) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) && !Number.isNaN(Date.parse(value)));

export const validateTranscript = ajv.compile(transcriptSchema);
