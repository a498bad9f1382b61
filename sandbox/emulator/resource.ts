/** @module Twilio's JSON shapes: the Message resource, list pages and error bodies. */
import { explainTwilioError, moreInfoUrl } from "../../runtime/twilio/errors.ts";
import type { EmulatedMessage } from "./types.ts";

export const API_VERSION = "2010-04-01";

/** Twilio writes dates as RFC 2822 with a numeric zone: `Thu, 30 Jul 2015 20:12:31 +0000`. */
export function rfc2822(epochMs: number): string {
  return new Date(epochMs).toUTCString().replace(/GMT$/, "+0000");
}

export function messageUri(accountSid: string, sid: string): string {
  return `/${API_VERSION}/Accounts/${accountSid}/Messages/${sid}.json`;
}

export function toResource(message: EmulatedMessage): Record<string, unknown> {
  const uri = messageUri(message.accountSid, message.sid);
  return {
    account_sid: message.accountSid,
    api_version: API_VERSION,
    body: message.body,
    date_created: rfc2822(message.dateCreated),
    date_sent: message.dateSent === null ? null : rfc2822(message.dateSent),
    date_updated: rfc2822(message.dateUpdated),
    direction: message.direction,
    error_code: message.errorCode,
    error_message: message.errorCode === null ? null : explainTwilioError(message.errorCode).title,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: String(message.mediaUrls.length),
    // "For messages sent via a Messaging Service, num_segments is initially 0" (until a sender is assigned).
    num_segments: String(message.status === "accepted" ? 0 : message.numSegments),
    price: null,
    price_unit: "USD",
    sid: message.sid,
    status: message.status,
    subresource_uris: { media: uri.replace(/\.json$/, "/Media.json") },
    to: message.to,
    uri,
  };
}

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export interface RestError {
  httpStatus: number;
  body: TwilioErrorBody;
}

/** A Twilio-shaped error; the HTTP status comes from the error table (400 unless it says otherwise). */
export function restError(code: number, message?: string): RestError {
  const info = explainTwilioError(code);
  const httpStatus = info.httpStatus ?? 400;
  return { httpStatus, body: { code, message: message ?? info.title, more_info: moreInfoUrl(code), status: httpStatus } };
}
