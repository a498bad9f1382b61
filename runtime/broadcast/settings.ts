/** @module The `broadcast:` section of bot.config.yaml: prices, rate and per-sender throughput, validated here (its owner). */
import { Ajv } from "ajv";
import type { SenderType } from "./types.ts";
import { DEFAULT_SEGMENT_RATES } from "./sender.ts";

export interface BroadcastSettings {
  /** USD per SMS segment and per MMS (US list prices; set your own). */
  prices: { smsSegment: number; mms: number };
  /** Messages per second; null: derived from the sender's segment rate. */
  rate: number | null;
  segmentRates: Record<SenderType, number>;
}

export const DEFAULT_PRICES = { smsSegment: 0.0083, mms: 0.022 } as const;

const senderRates = {
  type: "object",
  additionalProperties: false,
  properties: Object.fromEntries(Object.keys(DEFAULT_SEGMENT_RATES).map((k) => [k, { type: "number", exclusiveMinimum: 0 }])),
};

const schema = {
  type: "object",
  additionalProperties: false,
  properties: {
    prices: {
      type: "object",
      additionalProperties: false,
      properties: { smsSegment: { type: "number", minimum: 0 }, mms: { type: "number", minimum: 0 } },
    },
    rate: { type: "number", exclusiveMinimum: 0 },
    segmentRates: senderRates,
  },
};

const validate = new Ajv({ allErrors: true }).compile(schema);

/** Reads the raw section; problems come back as sentences naming the key. */
export function parseBroadcastSettings(section: unknown): { settings: BroadcastSettings; errors: string[] } {
  const raw = (section ?? {}) as { prices?: Partial<BroadcastSettings["prices"]>; rate?: number; segmentRates?: Partial<Record<SenderType, number>> };
  const defaults: BroadcastSettings = { prices: { ...DEFAULT_PRICES }, rate: null, segmentRates: { ...DEFAULT_SEGMENT_RATES } };
  if (!validate(raw)) {
    const errors = (validate.errors ?? []).map((e) => {
      const where = `broadcast${e.instancePath.replaceAll("/", ".")}`;
      return e.keyword === "additionalProperties"
        ? `bot.config.yaml ${where}.${String(e.params.additionalProperty)}: unknown key (known: prices.smsSegment, prices.mms, rate, segmentRates.<sender type>)`
        : `bot.config.yaml ${where}: ${e.message ?? "invalid"}`;
    });
    return { settings: defaults, errors };
  }
  return {
    settings: {
      prices: { ...defaults.prices, ...raw.prices },
      rate: raw.rate ?? null,
      segmentRates: { ...defaults.segmentRates, ...raw.segmentRates },
    },
    errors: [],
  };
}
