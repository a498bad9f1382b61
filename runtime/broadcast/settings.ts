/** @module The `broadcast:` section of bot.config.yaml: prices, rate and per-sender throughput, validated here (its owner). */
import { Ajv } from "ajv";
import type { SenderType } from "../store/broadcasts/types.ts";
import { DEFAULT_SEGMENT_RATES } from "./sender.ts";
import { parseQuietHours, QUIET_HOURS_SCHEMA } from "../quiet-hours/index.ts";
import type { QuietHours, RawQuietHours } from "../quiet-hours/index.ts";

export interface BroadcastSettings {
  /** USD per SMS segment and per MMS (US list prices; set your own). */
  prices: { smsSegment: number; mms: number };
  /** Messages per second; null: derived from the sender's segment rate. */
  rate: number | null;
  segmentRates: Record<SenderType, number>;
  /** Broadcasts wait for the recipient's local window (`quietHours`, on by default with `marketing: true`); null: off. */
  quietHours: QuietHours | null;
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
    ...QUIET_HOURS_SCHEMA,
  },
};

const validate = new Ajv({ allErrors: true }).compile(schema);

/** Reads the raw section; problems come back as sentences naming the key. */
export function parseBroadcastSettings(section: unknown): { settings: BroadcastSettings; errors: string[] } {
  const raw = (section ?? {}) as {
    prices?: Partial<BroadcastSettings["prices"]>;
    rate?: number;
    segmentRates?: Partial<Record<SenderType, number>>;
    marketing?: boolean;
    quietHours?: RawQuietHours;
  };
  const defaults: BroadcastSettings = { prices: { ...DEFAULT_PRICES }, rate: null, segmentRates: { ...DEFAULT_SEGMENT_RATES }, quietHours: null };
  if (!validate(raw)) {
    const errors = (validate.errors ?? []).map((e) => {
      const where = `broadcast${e.instancePath.replaceAll("/", ".")}`;
      return e.keyword === "additionalProperties"
        ? `bot.config.yaml ${where}.${String(e.params.additionalProperty)}: unknown key (known: prices.smsSegment, prices.mms, rate, segmentRates.<sender type>, marketing, quietHours.enabled, quietHours.start, quietHours.end, quietHours.maxDays, quietHours.timezoneVariable)`
        : `bot.config.yaml ${where}: ${e.message ?? "invalid"}`;
    });
    return { settings: defaults, errors };
  }
  const quiet = parseQuietHours(raw.quietHours, raw.marketing);
  if (quiet.errors.length > 0) return { settings: defaults, errors: quiet.errors };
  return {
    settings: {
      prices: { ...defaults.prices, ...raw.prices },
      rate: raw.rate ?? null,
      segmentRates: { ...defaults.segmentRates, ...raw.segmentRates },
      quietHours: quiet.quietHours,
    },
    errors: [],
  };
}
