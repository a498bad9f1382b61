/** @module The sender meter a runtime process uses: the sender model from bot.config.yaml and the environment, its row in the store every process shares. */
import type { SenderConfig, SenderType } from "../../compiler/lint/types.ts";
import type { Clock } from "../../engine/types.ts";
import type { Store } from "../store/types.ts";
import { createSenderMeter, memoryMeterStore } from "./meter.ts";
import type { SenderMeter } from "./meter.ts";
import { senderModel } from "./model.ts";

export interface OpenMeterInput {
  store: Pick<Store, "senderMeter">;
  /** `sender:` of bot.config.yaml. */
  config: SenderConfig | null;
  from: string | null;
  messagingServiceSid: string | null;
  /** `broadcast.segmentRates`. */
  segmentRates?: Partial<Record<SenderType, number>>;
  clock: Clock;
}

/** A store without meter rows (a test double) gets one in this process: it then meters this process only. */
export function openSenderMeter(input: OpenMeterInput): SenderMeter {
  const model = senderModel({
    config: input.config,
    from: input.from,
    messagingServiceSid: input.messagingServiceSid,
    ...(input.segmentRates && { segmentRates: input.segmentRates }),
  });
  return createSenderMeter({ model, store: input.store.senderMeter ?? memoryMeterStore(), clock: input.clock });
}
