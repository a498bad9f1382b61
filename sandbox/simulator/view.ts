/** @module What the phone simulator page shows of one emulated message: Twilio's record plus the segment count and encoding of its body. */
import type { EmulatedMessage } from "../emulator/index.ts";
import { countSegments } from "../../runtime/twilio/segments.ts";
import type { SmsEncoding } from "../../runtime/twilio/segments.ts";

export interface SimMessage {
  sid: string;
  /** `in`: the phone texted the bot; `out`: the bot texted the phone. */
  side: "in" | "out";
  from: string | null;
  to: string;
  body: string;
  mediaUrls: string[];
  status: string;
  errorCode: number | null;
  segments: number;
  encoding: SmsEncoding;
  /** Epoch ms when Twilio (the emulator) created the message: the bubble's arrival time. */
  createdAt: number;
  updatedAt: number;
}

export function toSimMessage(message: EmulatedMessage): SimMessage {
  const { segments, encoding } = countSegments(message.body);
  return {
    sid: message.sid,
    side: message.direction === "inbound" ? "in" : "out",
    from: message.from,
    to: message.to,
    body: message.body,
    mediaUrls: message.mediaUrls,
    status: message.status,
    errorCode: message.errorCode,
    // The emulator's own count wins (it is what Twilio bills); ours covers a Messaging Service's initial "0".
    segments: message.numSegments > 0 ? message.numSegments : segments,
    encoding,
    createdAt: message.dateCreated,
    updatedAt: message.dateUpdated,
  };
}

/** True when the message is part of this phone's conversation. */
export function involves(message: Pick<EmulatedMessage, "from" | "to">, phone: string): boolean {
  return message.from === phone || message.to === phone;
}
