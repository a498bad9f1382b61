/**
 * @module The key sets and value formats Twilio sends a messaging app, for the inbound-message webhook
 * (`POST /sms`) and the status callback (`POST /sms/status`). A signed request is run only if it has
 * exactly such a shape.
 *
 * Why a closed key set and closed value formats: Twilio's signature glues the sorted keys and values
 * together without separators, so a captured request can be cut again at other places and still verify.
 * A texter controls `Body`, which sorts before `From`: a Body spelling `From<victim>MessageSid<fresh sid>…`
 * becomes keys of its own, and the rest of the real request (which starts `From+<real number>…`) has
 * to be swallowed by one later value. Here no value but `Body` is free text, no key outside Twilio's
 * lists is taken, and no value but `From`/`To` (whole E.164 numbers) may hold a `+` followed by a digit,
 * so the real `From` can never be swallowed and a re-cut that changes the sender or the sid fails.
 *
 * Sources: Twilio's "Webhook request" page for
 * messaging (https://www.twilio.com/docs/messaging/guides/webhook-request) and the TwiML SMS request
 * table (https://www.twilio.com/docs/api/twiml/sms/twilio_request) for inbound parameters, the
 * OptOutType help article (https://support.twilio.com/hc/en-us/articles/31560110671259), the outbound
 * status-callback guide (https://twilio.com/docs/messaging/guides/outbound-message-status-in-status-callbacks)
 * and the RawDlrDoneDate changelog for status callbacks; sid patterns and the status enum from
 * Twilio's OpenAPI spec (twilio-oai `twilio_api_v2010.json`). A parameter Twilio adds later is refused
 * (with an `unknown-key` log line naming it) until it is added here: a refused real webhook is loud, a
 * re-cut one accepted is silent.
 */
import { ACCOUNT_SID, MESSAGE_SID } from "./webhook-shape.ts";

/** Who the webhooks are for: the configured account and the bot's own sender. */
export interface WebhookOwner {
  accountSid: string;
  /** `TWILIO_FROM`: the bot's own number (or short code / sender id), or null with a Messaging Service only. */
  from: string | null;
  /** `TWILIO_MESSAGING_SERVICE_SID`: any number of this service is the bot's. */
  messagingServiceSid: string | null;
}

/** A refusal: the rule broken (stable, for logs and tests) and what was wrong. */
export interface ShapeProblem {
  rule: "unknown-key" | "missing-key" | "format" | "legacy-sid" | "media-count" | "not-our-number" | "account";
  error: string;
}

const E164 = /^\+[1-9]\d{1,14}$/;
const SHORT_CODE = /^\d{3,8}$/;
/** Alphanumeric sender ids (status callbacks of a service that sends from one): letters, digits, spaces. */
const SENDER_ID = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const SERVICE_SID = /^MG[0-9a-f]{32}$/i;
/** Geographic lookups "if available" (often empty): place names, never a `+`. */
const PLACE = /^[\p{L}\p{M} .,'()-]{0,64}$/u;
const ZIP = /^[A-Za-z0-9 -]{0,12}$/;
const COUNTRY = /^(?:[A-Z]{2})?$/;
/** Twilio's message status enum (`message_enum_status` in the 2010-04-01 spec). */
const STATUSES = /^(?:queued|sending|sent|failed|delivered|undelivered|receiving|received|accepted|scheduled|read|partially_delivered|canceled)$/;
/** A MIME type; a structured suffix (`+xml`) starts with a letter, so `+<digit>` of a phone number never fits. */
const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.-]{0,63}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.-]{0,126}(?:\+[A-Za-z][A-Za-z0-9.-]{0,31})?$/;
/** An http(s) URL without spaces, controls or `+` (Twilio's are `https://api.twilio.com/2010-04-01/Accounts/AC…/Messages/MM…/Media/ME…`). */
const MEDIA_URL = /^https?:\/\/[^\s+\p{Cc}]{1,2040}$/u;
const MEDIA_KEY = /^Media(Url|ContentType)(0|[1-9]\d?)$/;

type Check = (value: string) => boolean;
interface KeyRule {
  required: boolean;
  check: Check;
  /** What the value must be, for the refusal's text. */
  format: string;
}

const is =
  (pattern: RegExp): Check =>
  (value) =>
    pattern.test(value);
const required = (check: Check, format: string): KeyRule => ({ required: true, check, format });
const optional = (check: Check, format: string): KeyRule => ({ required: false, check, format });
const anyText: Check = () => true;
const sid = required(is(MESSAGE_SID), "SM/MM + 32 hex digits");
const account = required(is(ACCOUNT_SID), "AC + 32 hex digits");
const service = optional(is(SERVICE_SID), "MG + 32 hex digits");
const place = optional(is(PLACE), "a place name (letters, spaces, . , ' ( ) -)");
const zip = optional(is(ZIP), "a postal code (letters, digits, spaces, -)");
const country = optional(is(COUNTRY), "a two-letter country code or empty");
const apiVersion = optional((v) => v === "2010-04-01", "2010-04-01");

/** `POST /sms`: what Twilio sends for an incoming SMS/MMS. `MediaUrlN`/`MediaContentTypeN` are checked against `NumMedia` apart. */
const INBOUND: Record<string, KeyRule> = {
  MessageSid: sid,
  SmsMessageSid: sid,
  SmsSid: sid,
  AccountSid: account,
  MessagingServiceSid: service,
  From: required(is(E164), "an E.164 number (+ and up to 15 digits)"),
  To: required(anyText, "this bot's number"),
  Body: required(anyText, "text"),
  NumMedia: required(is(/^(?:\d|10)$/), "0 to 10"),
  NumSegments: required(is(/^\d{1,3}$/), "a segment count"),
  SmsStatus: optional((v) => v === "received", "received"),
  ApiVersion: apiVersion,
  FromCity: place,
  FromState: place,
  FromZip: zip,
  FromCountry: country,
  ToCity: place,
  ToState: place,
  ToZip: zip,
  ToCountry: country,
  OptOutType: optional(is(/^(?:STOP|START|HELP)$/), "STOP, START or HELP"),
};

/** `POST /sms/status`: a status callback. Nothing in it is written by a texter, so Twilio's ErrorMessage may be text. */
const STATUS: Record<string, KeyRule> = {
  MessageSid: sid,
  SmsSid: sid,
  AccountSid: account,
  MessagingServiceSid: service,
  From: required(anyText, "this bot's sender"),
  To: required(is(E164), "an E.164 number (+ and up to 15 digits)"),
  MessageStatus: required(is(STATUSES), "a Twilio message status"),
  SmsStatus: required(is(STATUSES), "a Twilio message status"),
  ApiVersion: apiVersion,
  ErrorCode: optional(is(/^\d{1,6}$/), "a Twilio error code"),
  ErrorMessage: optional(is(/^[^\p{Cc}]{0,512}$/u), "one line of text"),
  RawDlrDoneDate: optional(is(/^\d{10}$/), "YYMMDDhhmm"),
  NumSegments: optional(is(/^\d{1,3}$/), "a segment count"),
  ChannelPrefix: optional(is(/^[a-z]{1,20}$/), "a channel name"),
  ChannelInstallSid: optional(is(/^XE[0-9a-f]{32}$/i), "XE + 32 hex digits"),
  ChannelToAddress: optional(is(/^\+?\d{1,15}$/), "a phone number"),
};

/** The inbound webhook's shape, or the first rule it breaks. Sid and account equality are checked by `validatedSid`. */
export function inboundShapeProblem(fields: Record<string, string>, owner: WebhookOwner): ShapeProblem | null {
  return (
    keySetProblem(fields, INBOUND, true) ??
    mediaProblem(fields) ??
    legacySidProblem(fields, ["SmsMessageSid", "SmsSid"]) ??
    ownNumberProblem(fields, "To", owner, (v) => E164.test(v) || SHORT_CODE.test(v))
  );
}

/** The status callback's shape, or the first rule it breaks. */
export function statusShapeProblem(fields: Record<string, string>, owner: WebhookOwner): ShapeProblem | null {
  return (
    keySetProblem(fields, STATUS, false) ??
    legacySidProblem(fields, ["SmsSid"]) ??
    ownNumberProblem(fields, "From", owner, (v) => E164.test(v) || SHORT_CODE.test(v) || SENDER_ID.test(v))
  );
}

function keySetProblem(fields: Record<string, string>, rules: Record<string, KeyRule>, media: boolean): ShapeProblem | null {
  for (const [key, value] of Object.entries(fields)) {
    if (media && MEDIA_KEY.test(key)) continue;
    const rule = Object.hasOwn(rules, key) ? rules[key] : undefined;
    if (rule === undefined) return { rule: "unknown-key", error: `unknown parameter ${quote(key)}: Twilio sends no such key` };
    if (!rule.check(value)) return { rule: "format", error: `${key} ${quote(value)} is not ${rule.format}` };
  }
  for (const [key, rule] of Object.entries(rules)) {
    if (rule.required && fields[key] === undefined) return { rule: "missing-key", error: `missing ${key}` };
  }
  return null;
}

/** `NumMedia` says how many items come, and exactly `MediaUrl0…N-1` and `MediaContentType0…N-1` come. */
function mediaProblem(fields: Record<string, string>): ShapeProblem | null {
  const count = Number(fields["NumMedia"]);
  for (const [key, value] of Object.entries(fields)) {
    const match = MEDIA_KEY.exec(key);
    if (match === null) continue;
    if (Number(match[2]) >= count) return { rule: "media-count", error: `${key} is sent but NumMedia is ${count}` };
    const ok = match[1] === "Url" ? MEDIA_URL.test(value) : MEDIA_TYPE.test(value);
    if (!ok) return { rule: "format", error: `${key} ${quote(value)} is not ${match[1] === "Url" ? "an http(s) URL" : "a MIME type"}` };
  }
  for (let i = 0; i < count; i++) {
    for (const key of [`MediaUrl${i}`, `MediaContentType${i}`]) {
      if (fields[key] === undefined) return { rule: "media-count", error: `NumMedia is ${count} but ${key} is missing` };
    }
  }
  return null;
}

function legacySidProblem(fields: Record<string, string>, aliases: string[]): ShapeProblem | null {
  for (const alias of aliases) {
    if (fields[alias] !== fields["MessageSid"]) return { rule: "legacy-sid", error: `${alias} differs from MessageSid` };
  }
  return null;
}

/**
 * The bot's side of the message (`To` inbound, `From` on a status callback) is its configured number,
 * or, when it sends through a Messaging Service, any number of that service (named by MessagingServiceSid).
 */
function ownNumberProblem(fields: Record<string, string>, key: "To" | "From", owner: WebhookOwner, address: Check): ShapeProblem | null {
  const value = fields[key] ?? "";
  if (owner.from !== null && value === owner.from) return null;
  const viaService = owner.messagingServiceSid !== null && fields["MessagingServiceSid"]?.toLowerCase() === owner.messagingServiceSid.toLowerCase();
  if (viaService && address(value)) return null;
  const mine = [owner.from, owner.messagingServiceSid && `a number of Messaging Service ${owner.messagingServiceSid}`].filter(Boolean).join(" or ");
  return { rule: "not-our-number", error: `${key} ${quote(value)} is not this bot's (${mine})` };
}

function quote(value: string): string {
  return JSON.stringify(value.length > 48 ? `${value.slice(0, 48)}…` : value);
}
