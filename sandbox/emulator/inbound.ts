/** @module Inbound SMS/MMS from an emulated phone: opt-out keywords, the signed webhook, and TwiML replies. */
import { classifyKeyword } from "../../sms/keywords/opt-out.ts";
import { countSegments } from "../../runtime/twilio/segments.ts";
import { createOutbound, newMessageSid } from "./create-message.ts";
import type { DeliveryTracker } from "./delivery.ts";
import { isE164, optOutScope } from "./phone.ts";
import { API_VERSION } from "./resource.ts";
import { signedPost } from "./signed-post.ts";
import { addMessage, setOptedOut, type EmulatorState } from "./state.ts";
import { parseMessagingTwiml } from "./twiml-reply.ts";
import { isRestError, validateCreate } from "./validate-create.ts";
import { admit } from "./metering.ts";
import type { EmulatedMessage, InboundOptions, InboundResult } from "./types.ts";

const CONTENT_TYPES: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  mp4: "video/mp4",
  mp3: "audio/mpeg",
  vcf: "text/vcard",
  pdf: "application/pdf",
  txt: "text/plain",
};
const COUNTRY_BY_PREFIX: [string, string][] = [
  ["+1", "US"],
  ["+44", "GB"],
  ["+33", "FR"],
  ["+49", "DE"],
  ["+61", "AU"],
];

function guessContentType(url: string): string {
  const extension = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase() ?? "";
  return CONTENT_TYPES[extension] ?? "application/octet-stream";
}

function country(phone: string): string {
  return COUNTRY_BY_PREFIX.find(([prefix]) => phone.startsWith(prefix))?.[1] ?? "";
}

export function inboundParams(state: EmulatorState, message: EmulatedMessage, options: InboundOptions): Record<string, string> {
  const service = optOutScope(message.to, state.behavior);
  const params: Record<string, string> = {
    ToCountry: country(message.to),
    ToState: "",
    ToCity: "",
    ToZip: "",
    FromCountry: country(message.from ?? ""),
    FromState: "",
    FromCity: "",
    FromZip: "",
    SmsMessageSid: message.sid,
    SmsSid: message.sid,
    MessageSid: message.sid,
    SmsStatus: "received",
    NumMedia: String(message.mediaUrls.length),
    NumSegments: String(message.numSegments),
    AccountSid: message.accountSid,
    From: message.from ?? "",
    To: message.to,
    Body: message.body,
    ApiVersion: API_VERSION,
  };
  message.mediaUrls.forEach((url, i) => {
    params[`MediaUrl${i}`] = url;
    params[`MediaContentType${i}`] = options.mediaContentTypes?.[i] ?? guessContentType(url);
  });
  if (service.startsWith("MG")) {
    params["MessagingServiceSid"] = service;
    // Advanced Opt-Out (Messaging Services) tells the webhook which keyword family matched.
    const family = classifyKeyword(message.body);
    if (family) params["OptOutType"] = family;
  }
  return { ...params, ...options.facts };
}

export async function receiveInbound(state: EmulatorState, delivery: DeliveryTracker, options: InboundOptions): Promise<InboundResult> {
  if (!isE164(options.from)) throw new Error(`inbound 'from' must be an E.164 number, got "${options.from}"`);
  if (!isE164(options.to)) throw new Error(`inbound 'to' must be an E.164 number, got "${options.to}"`);
  const now = state.now();
  const mediaUrls = options.mediaUrls ?? [];
  const message: EmulatedMessage = {
    sid: newMessageSid(state, mediaUrls.length),
    accountSid: state.accountSid,
    direction: "inbound",
    from: options.from,
    to: options.to,
    body: options.body,
    mediaUrls,
    messagingServiceSid: null,
    statusCallback: null,
    status: "received",
    errorCode: null,
    numSegments: countSegments(options.body).segments,
    dateCreated: now,
    dateUpdated: now,
    dateSent: now,
    validityPeriod: null,
    releaseAt: null,
    history: [{ status: "received", at: now, errorCode: null }],
    callbacks: [],
  };
  const scope = optOutScope(options.to, state.behavior);
  if (scope.startsWith("MG")) message.messagingServiceSid = scope;
  addMessage(state, message);

  // Twilio records the opt-out whether or not a webhook is configured, and still forwards the message.
  const family = classifyKeyword(options.body);
  if (family === "STOP") setOptedOut(state, scope, options.from, true);
  if (family === "START") setOptedOut(state, scope, options.from, false);

  const params = inboundParams(state, message, options);
  const url = options.url ?? state.behavior.webhookUrl;
  if (!url) return { message, params, error: "no webhook URL configured", replies: [] };
  const answer = await signedPost(url, params, state.authToken, 15_000);
  const result: InboundResult = { message, params, ...answer, replies: [] };
  if (answer.error !== undefined || (answer.status ?? 0) >= 300) {
    state.log(`webhook ${url} for ${message.sid} failed (${answer.error ?? `HTTP ${answer.status}`}): Twilio would report error 11200`);
    return result;
  }
  const twiml = parseMessagingTwiml(answer.body ?? "");
  if (!twiml.ok) {
    state.log(`webhook ${url} for ${message.sid}: ${twiml.reason}; Twilio would report error 12100/12300`);
    return result;
  }
  for (const reply of twiml.messages) {
    const plan = validateCreate(state, {
      To: reply.to ?? options.from,
      From: reply.from ?? options.to,
      Body: reply.body,
      MediaUrl: reply.media,
      ...(reply.statusCallback !== undefined && { StatusCallback: reply.statusCallback }),
    });
    if (isRestError(plan)) {
      state.log(`TwiML <Message> reply to ${options.from} rejected: ${plan.body.code} ${plan.body.message}`);
      continue;
    }
    const admission = admit(state, plan);
    if (admission.type === "refuse") {
      state.log(`TwiML <Message> reply to ${options.from} rejected: ${admission.error.body.code} ${admission.error.body.message}`);
      continue;
    }
    const created = createOutbound(state, plan, "outbound-reply");
    created.releaseAt = admission.releaseAt;
    delivery.start(created, admission);
    result.replies.push(created);
  }
  return result;
}
