/** @module The sender messages go out from: its type (configured or inferred from TWILIO_FROM / the Messaging Service), its rate and limits. */
import type { SenderConfig, SenderType } from "../../compiler/lint/types.ts";
import { DEFAULT_HORIZON_SECONDS, DEFAULT_REPLY_VALIDITY_SECONDS, DEFAULT_SEGMENT_RATES, METERING_INTERVAL_MS } from "./rates.ts";
import type { MeterLimits } from "./bucket.ts";

export interface SenderSources {
  /** `sender.type` from bot.config.yaml. */
  configured: SenderType | null;
  from: string | null;
  messagingServiceSid: string | null;
}

export interface SenderInfo {
  type: SenderType;
  /** Where the type came from, for the report. */
  source: string;
}

const TOLL_FREE = new Set(["800", "833", "844", "855", "866", "877", "888"]);

/** The sender type: `sender.type` when configured, else inferred from the Messaging Service SID or the shape of `TWILIO_FROM`. */
export function detectSender({ configured, from, messagingServiceSid }: SenderSources): SenderInfo {
  if (configured) return { type: configured, source: "sender.type in bot.config.yaml" };
  if (messagingServiceSid) return { type: "messaging-service", source: `TWILIO_MESSAGING_SERVICE_SID ${messagingServiceSid}` };
  if (!from) return { type: "long-code", source: "assumed: neither TWILIO_FROM nor sender.type is set" };
  const digits = from.replace(/[^\d]/g, "");
  if (!from.startsWith("+") && /^\d{5,6}$/.test(digits)) return { type: "short-code", source: `TWILIO_FROM ${from} (5–6 digits)` };
  const national = digits.length === 11 && digits.startsWith("1") ? digits.slice(1) : digits.length === 10 ? digits : null;
  if (national !== null && TOLL_FREE.has(national.slice(0, 3)))
    return { type: "toll-free", source: `TWILIO_FROM ${from} (toll-free prefix ${national.slice(0, 3)})` };
  return { type: "long-code", source: `TWILIO_FROM ${from}` };
}

export interface SenderModel extends SenderInfo {
  /** The meter's key: the Messaging Service SID, else the From number. */
  key: string;
  segmentsPerSecond: number;
  /** Where the rate came from, for the dry run. */
  rateSource: string;
  horizonMs: number;
  replyValidityMs: number;
  /** Messages per day for all traffic (the lowest configured 10DLC cap); null: none. */
  dailyCap: number | null;
}

export interface SenderModelInput {
  config: SenderConfig | null;
  from: string | null;
  messagingServiceSid: string | null;
  /** `broadcast.segmentRates` overrides per type. */
  segmentRates?: Partial<Record<SenderType, number>>;
}

/** The lowest entry of a carrier table, or null when there is none. */
function lowest(table: Record<string, number> | undefined): { carrier: string; value: number } | null {
  const entries = Object.entries(table ?? {}).sort((a, b) => a[1] - b[1]);
  return entries[0] ? { carrier: entries[0][0], value: entries[0][1] } : null;
}

export function senderModel(input: SenderModelInput): SenderModel {
  const info = detectSender({ configured: input.config?.type ?? null, from: input.from, messagingServiceSid: input.messagingServiceSid });
  const config = input.config;
  // The carrier of a recipient is unknown without a Lookup: a 10DLC campaign is metered at its slowest carrier.
  const carrier = info.type === "10dlc" ? lowest(config?.carrierRates) : null;
  const override = input.segmentRates?.[info.type];
  const [segmentsPerSecond, rateSource] =
    config?.segmentsPerSecond !== undefined
      ? [config.segmentsPerSecond, "sender.segmentsPerSecond"]
      : carrier
        ? [carrier.value, `lowest of sender.carrierRates (${carrier.carrier})`]
        : override !== undefined && override !== DEFAULT_SEGMENT_RATES[info.type]
          ? [override, `broadcast.segmentRates.${info.type}`]
          : [DEFAULT_SEGMENT_RATES[info.type], `default for a ${info.type}`];
  const cap = info.type === "10dlc" ? lowest(config?.dailyCaps) : null;
  return {
    ...info,
    key: input.messagingServiceSid ?? input.from ?? "default",
    segmentsPerSecond,
    rateSource,
    horizonMs: (config?.horizonSeconds ?? DEFAULT_HORIZON_SECONDS) * 1000,
    replyValidityMs: (config?.replyValiditySeconds ?? DEFAULT_REPLY_VALIDITY_SECONDS) * 1000,
    dailyCap: cap?.value ?? null,
  };
}

export function meterLimits(model: SenderModel): MeterLimits {
  return { segmentsPerSecond: model.segmentsPerSecond, horizonMs: model.horizonMs, broadcastAheadMs: METERING_INTERVAL_MS, dailyCap: model.dailyCap };
}

export function senderLabel(type: SenderType): string {
  switch (type) {
    case "long-code":
      return "long code";
    case "toll-free":
      return "toll-free number";
    case "short-code":
      return "short code";
    case "messaging-service":
      return "Messaging Service";
    case "10dlc":
      return "10DLC campaign";
    default: {
      const _exhaustive: never = type;
      return _exhaustive;
    }
  }
}
