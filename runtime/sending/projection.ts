/** @module The dry run's sender meter: how long the sender needs for a broadcast's segments at its metered rate, after what its queue already holds. */
import { messageCost } from "./cost.ts";
import type { MeterSnapshot } from "./meter.ts";
import type { SenderModel } from "./model.ts";
import { senderLabel } from "./model.ts";

export interface MeterProjection {
  sender: string;
  /** The sender's rate and where it came from. */
  segmentsPerSecond: number;
  rateSource: string;
  /** The rate now (lower while Twilio pushes back). */
  effectiveRate: number;
  /** What the meter already holds for the sender, seconds. */
  backlogSeconds: number;
  /** Meter units the broadcast costs: SMS segments, 1 per MMS. */
  cost: number;
  /** cost ÷ rate: the sender's time the broadcast needs, with no replies competing. */
  sendSeconds: number;
  /** When the last message would leave Twilio's queue (epoch ms). */
  finishAt: number;
  dailyCap: number | null;
}

/** `parts`: every message the broadcast sends (recipients × parts). Replies go first, so this is the earliest finish. */
export function projectSend(input: {
  model: SenderModel;
  snapshot: MeterSnapshot;
  parts: readonly { body: string; media: readonly string[] }[];
  startAt: number;
  now: number;
}): MeterProjection {
  const cost = input.parts.reduce((sum, part) => sum + messageCost(part.body, part.media), 0);
  const rate = input.snapshot.effectiveRate;
  const sendSeconds = cost / rate;
  const begins = Math.max(input.startAt, input.now + input.snapshot.backlogMs);
  return {
    sender: `${senderLabel(input.model.type)} ${input.model.key}`,
    segmentsPerSecond: input.model.segmentsPerSecond,
    rateSource: input.model.rateSource,
    effectiveRate: rate,
    backlogSeconds: input.snapshot.backlogMs / 1000,
    cost,
    sendSeconds,
    finishAt: begins + sendSeconds * 1000,
    dailyCap: input.model.dailyCap,
  };
}

export function formatProjection(p: MeterProjection, formatDuration: (seconds: number) => string): string[] {
  const rate =
    p.effectiveRate < p.segmentsPerSecond
      ? `${round(p.effectiveRate)} segment(s)/s now (slowed by Twilio's back-pressure; ${p.segmentsPerSecond} normally)`
      : `${round(p.segmentsPerSecond)} segment(s)/s`;
  const lines = [
    `  meter        ${p.sender}: ${rate} (${p.rateSource}); ${p.backlogSeconds > 0 ? `${formatDuration(p.backlogSeconds)} already queued` : "idle now"}`,
    `  send time    ${p.cost.toLocaleString("en-US")} segment(s) ÷ ${round(p.effectiveRate)}/s → ${formatDuration(p.sendSeconds)} of the sender's time, done ~${new Date(p.finishAt).toISOString()} (replies go first and may stretch it)`,
  ];
  if (p.dailyCap !== null && p.cost > p.dailyCap)
    lines.push(`  daily cap    ${p.dailyCap.toLocaleString("en-US")} message(s)/day: the rest waits for the next day (midnight Pacific)`);
  return lines;
}

const round = (x: number) => Math.round(x * 100) / 100;
