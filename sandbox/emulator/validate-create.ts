/** @module Checks a `Messages.create` request the way Twilio does and says which error code it earns. */
import { countSegments } from "../../runtime/twilio/segments.ts";
import { isE164, isHttpUrl, isValidSender, optOutScope } from "./phone.ts";
import { restError, type RestError } from "./resource.ts";
import { isOptedOut, type EmulatorState } from "./state.ts";

export type FormParams = Record<string, string | string[] | undefined>;

export interface CreatePlan {
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  mediaUrls: string[];
  statusCallback: string | null;
  numSegments: number;
  /** `ValidityPeriod`, seconds (1–36,000); null when not given. */
  validityPeriod: number | null;
}

const MAX_BODY = 1600;
const MAX_MEDIA = 10;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The checks run in Twilio's order: recipient, sender, content, then account policy (trial, opt-out). */
export function validateCreate(state: EmulatorState, params: FormParams): CreatePlan | RestError {
  const behavior = state.behavior;
  const to = single(params["To"])?.trim() ?? "";
  const from = single(params["From"])?.trim() || null;
  const messagingServiceSid = single(params["MessagingServiceSid"])?.trim() || null;
  const body = single(params["Body"]) ?? "";
  const mediaUrls = list(params["MediaUrl"]);
  const statusCallback = single(params["StatusCallback"])?.trim() || null;
  const validity = single(params["ValidityPeriod"])?.trim() || null;

  if (to === "") return restError(21604, "A 'To' phone number is required.");
  if (!isE164(to)) return restError(21211, `Invalid 'To' Phone Number: ${to}`);
  const injected = behavior.recipientErrors[to];
  if (injected !== undefined) return restError(injected);

  if (from === null && messagingServiceSid === null) return restError(21603, "A 'From' phone number is required.");
  if (messagingServiceSid !== null) {
    const known = Object.keys(behavior.messagingServices).length === 0 || behavior.messagingServices[messagingServiceSid];
    if (!MESSAGING_SERVICE_SID.test(messagingServiceSid) || !known) {
      return restError(21701, `The Messaging Service Sid ${messagingServiceSid} is invalid.`);
    }
  }
  if (from !== null) {
    if (!isValidSender(from)) return restError(21212, `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`);
    if (from === to) return restError(21266, "'To' and 'From' number cannot be the same.");
    const owned = behavior.phoneNumbers.find((n) => n.phone === from);
    if (behavior.phoneNumbers.length > 0 && !owned) {
      return restError(21659, `'From' ${from} is not a Twilio phone number or Short Code country mismatch`);
    }
    if (owned?.sms === false) {
      return restError(21606, `The 'From' phone number provided (${from}) is not a valid message-capable Twilio phone number for this destination.`);
    }
    if (owned?.mms === false && mediaUrls.length > 0) return restError(21621, `The 'From' number ${from} has not been enabled for MMS.`);
  }

  if (body.trim() === "" && mediaUrls.length === 0 && !single(params["ContentSid"])) {
    return restError(21602, "Message body is required.");
  }
  if (body.length > MAX_BODY) {
    return restError(21617, `The concatenated message body exceeds the ${MAX_BODY} character limit.`);
  }
  if (mediaUrls.length > MAX_MEDIA) {
    return restError(21623, `The number of media files (${mediaUrls.length}) exceeds the maximum of ${MAX_MEDIA}.`);
  }
  const badMedia = mediaUrls.find((url) => !isHttpUrl(url));
  if (badMedia !== undefined) return restError(21620, `Invalid media URL(s): ${badMedia}`);
  if (statusCallback !== null && !isHttpUrl(statusCallback)) {
    return restError(21609, `The StatusCallback URL ${statusCallback} is not a valid URL.`);
  }

  const validityPeriod = validity === null ? null : Number(validity);
  if (validityPeriod !== null && !(Number.isInteger(validityPeriod) && validityPeriod >= 1 && validityPeriod <= 36_000)) {
    return restError(20001, `ValidityPeriod must be an integer from 1 to 36000, got ${validity}.`);
  }

  if (behavior.trial && !behavior.verifiedNumbers.includes(to)) {
    return restError(
      21608,
      `The number ${to} is unverified. Trial accounts cannot send messages to unverified numbers; verify ${to} at twilio.com/user/account/phone-numbers/verified, or purchase a Twilio number to send messages to unverified numbers.`,
    );
  }
  const scope = optOutScope(messagingServiceSid ?? (from as string), behavior);
  if (isOptedOut(state, scope, to)) return restError(21610, "Attempt to send to unsubscribed recipient");

  return { to, from, messagingServiceSid, body, mediaUrls, statusCallback, numSegments: countSegments(body).segments, validityPeriod };
}

export function isRestError(value: CreatePlan | RestError): value is RestError {
  return "httpStatus" in value;
}
