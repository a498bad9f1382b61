/** @module The emulator's options, its record of messages, and the faults tests can inject. */
import type { EventEmitter } from "node:events";

/** Twilio's `message_enum_status` values the emulator produces. */
export type MessageStatus = "accepted" | "queued" | "sending" | "sent" | "delivered" | "undelivered" | "failed" | "received";

export type MessageDirection = "outbound-api" | "outbound-reply" | "inbound";

/** How delivery of one message ends when it does not end in `delivered`. */
export interface DeliveryFailure {
  /** `failed`: Twilio could not send it; `undelivered`: the carrier did not deliver it. */
  status: "failed" | "undelivered";
  /** 30xxx code reported as `ErrorCode` / `error_code`. */
  errorCode: number;
}

export interface DeliveryOptions {
  /** Delay before each status change, ms (default 50). */
  latencyMs?: number;
  /** Up to this many ms added to each delay, drawn from the seeded random source (default 0). */
  jitterMs?: number;
  /** Chance (0..1) that one message's status callbacks are POSTed in a shuffled order (default 0). */
  reorderProbability?: number;
  /** Failure by recipient number (E.164). */
  failures?: Record<string, DeliveryFailure>;
  /** Failure drawn at random (seeded) for any other recipient. */
  failureRate?: DeliveryFailure & { probability: number };
  /** How long a status callback POST may take before it counts as failed, ms (default 5000). */
  callbackTimeoutMs?: number;
}

/**
 * Metering like Twilio's (docs/sending.md): each sender (a `From` number, or a Messaging Service's SID)
 * releases its queue at its segment rate; an MMS counts 1. Off (null) by default: messages leave at once.
 */
export interface MeteringOptions {
  /** Segments per second of a sender not listed in `senders` (default 1, a US long code). */
  segmentsPerSecond?: number;
  /** Segments per second by sender (E.164 number, short code or `MG…` SID). */
  senders?: Record<string, number>;
  /** Most of a sender's time its queue holds (Twilio: 10 hours, 36,000 s); beyond it 21611 (a number) or 30001 (a Messaging Service). */
  queueSeconds?: number;
  /** Account-wide messages per second; creates above it get 429 with 63017 (Twilio: 2,000). */
  accountMps?: number;
}

/** A number the emulated account owns. */
export interface PhoneNumberConfig {
  phone: string;
  /** Can send SMS (default true); false answers 21606. */
  sms?: boolean;
  /** Can send media (default true); false answers 21621. */
  mms?: boolean;
}

/** What can change while the emulator runs (`configure()`, `PATCH /_emulator/config`). */
export interface EmulatorBehavior {
  /** Where inbound messages are POSTed (the bot's `/sms` webhook). Loopback URLs only. */
  webhookUrl: string | null;
  /** Trial account: only `verifiedNumbers` may be messaged (21608 otherwise). */
  trial: boolean;
  verifiedNumbers: string[];
  /** The account's senders. Empty: any well-formed `From` is accepted as the account's own. */
  phoneNumbers: PhoneNumberConfig[];
  /** Messaging Services by `MG…` SID, each with its sender pool. */
  messagingServices: Record<string, string[]>;
  /** A REST error code answered for creates to this recipient (e.g. `{ "+15550001111": 21614 }`). */
  recipientErrors: Record<string, number>;
  /** Creates allowed per window before 429/20429. Null: unlimited. */
  rateLimit: { limit: number; windowMs: number } | null;
  delivery: DeliveryOptions;
  /** Per-sender queues released at the sender's rate; null: every message leaves at once. */
  metering: MeteringOptions | null;
}

export interface EmulatorOptions extends Partial<EmulatorBehavior> {
  /** Loopback address to bind (default 127.0.0.1). */
  host?: string;
  /** Port (default 0: any free port; the bound URL is `emulator.url`). */
  port?: number;
  accountSid?: string;
  authToken?: string;
  /** Seed for SIDs, jitter, reordering and random failures. Absent: a random seed (SIDs stay unique across runs). */
  seed?: number;
  /** Epoch ms; injected so dates and rate-limit windows are deterministic in tests. */
  now?: () => number;
  /** One line per notable event (a refused callback URL, a failed POST …). */
  log?: (line: string) => void;
}

export interface StatusChange {
  status: MessageStatus;
  at: number;
  errorCode: number | null;
}

export interface CallbackAttempt {
  status: MessageStatus;
  url: string;
  at: number;
  /** HTTP status of the receiver's answer; absent when the POST failed. */
  responseStatus?: number;
  error?: string;
}

export interface EmulatedMessage {
  sid: string;
  accountSid: string;
  direction: MessageDirection;
  from: string | null;
  to: string;
  body: string;
  mediaUrls: string[];
  messagingServiceSid: string | null;
  statusCallback: string | null;
  status: MessageStatus;
  errorCode: number | null;
  numSegments: number;
  dateCreated: number;
  dateUpdated: number;
  dateSent: number | null;
  /** The create's `ValidityPeriod`, seconds; null when not given (Twilio's default, 36,000). */
  validityPeriod: number | null;
  /** With metering: when the sender's queue reaches the message and it goes to `sending`. */
  releaseAt: number | null;
  history: StatusChange[];
  callbacks: CallbackAttempt[];
}

export type FaultRoute = "create" | "fetch" | "list" | "any";

interface FaultBase {
  /** How many matching requests it affects (default 1). */
  times?: number;
  route?: FaultRoute;
  /** Create the message first, then misbehave (the caller cannot know it was created). Create route only. */
  afterCreate?: boolean;
}

/** A misbehaviour for the next matching REST request(s). */
export type Fault = (FaultBase & { type: "status"; status: 429 | 500 | 502 | 503 }) | (FaultBase & { type: "hang" }) | (FaultBase & { type: "close" });

export interface InboundOptions {
  from: string;
  to: string;
  body: string;
  mediaUrls?: string[];
  /** Content types by index; guessed from the URL's extension when absent. */
  mediaContentTypes?: string[];
  /** Extra webhook fields such as `FromCity`, `FromState`, `FromZip`, `FromCountry`. */
  facts?: Record<string, string>;
  /** Webhook URL for this message (default: the configured `webhookUrl`). */
  url?: string;
}

export interface InboundResult {
  message: EmulatedMessage;
  /** The params POSTed (signed) to the webhook. */
  params: Record<string, string>;
  /** The webhook's answer, or `error` when it could not be reached. */
  status?: number;
  contentType?: string;
  body?: string;
  error?: string;
  /** Messages created from `<Message>` verbs in the TwiML answer. */
  replies: EmulatedMessage[];
}

export type EmulatorEvent =
  | { type: "message"; message: EmulatedMessage }
  | { type: "status"; message: EmulatedMessage }
  | { type: "callback"; message: EmulatedMessage; attempt: CallbackAttempt }
  | { type: "optOut"; phone: string; scope: string; optedOut: boolean };

export interface Emulator {
  /** Base URL, e.g. `http://127.0.0.1:4010`: give it to `createTwilioClient({ baseUrl })`. */
  readonly url: string;
  readonly accountSid: string;
  readonly authToken: string;
  messages(): EmulatedMessage[];
  messagesTo(phone: string): EmulatedMessage[];
  message(sid: string): EmulatedMessage | undefined;
  /** Calls `listener` for each created message (outbound and inbound); returns an unsubscribe function. */
  onMessage(listener: (message: EmulatedMessage) => void): () => void;
  /** Every event (message created, status change, callback attempt, opt-out change). */
  readonly events: EventEmitter<{ event: [EmulatorEvent] }>;
  sendInbound(options: InboundOptions): Promise<InboundResult>;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  configure(patch: Partial<EmulatorBehavior>): void;
  behavior(): EmulatorBehavior;
  isOptedOut(phone: string, sender: string): boolean;
  setOptOut(phone: string, sender: string, optedOut: boolean): void;
  /** Resolves when no status callbacks are pending. */
  settle(): Promise<void>;
  /** Forgets messages, opt-outs, faults and rate-limit counts; keeps the behaviour. */
  reset(): void;
  close(): Promise<void>;
}
