/**
 * @module Webhook forms as Twilio sends them (key sets from Twilio's request-parameter lists and real
 * captures published in Twilio's docs), and a signed POST of any form.
 */
import twilio from "twilio";

/** A fresh message sid of Twilio's form (`SM` + 32 hex digits), from a small number. */
export function messageSid(n: number, prefix: "SM" | "MM" = "SM"): string {
  return prefix + n.toString(16).padStart(32, "0");
}

/** An incoming SMS as Twilio posts it (the UK capture of twilio.md §1.1, every key of it), with overrides. */
export function twilioInbound(
  fields: { sid: string; accountSid: string; from: string; to: string; body: string },
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ToCountry: "US",
    ToState: "",
    SmsMessageSid: fields.sid,
    NumMedia: "0",
    ToCity: "",
    FromZip: "",
    SmsSid: fields.sid,
    FromState: "",
    SmsStatus: "received",
    FromCity: "",
    Body: fields.body,
    FromCountry: "US",
    To: fields.to,
    ToZip: "",
    NumSegments: "1",
    MessageSid: fields.sid,
    AccountSid: fields.accountSid,
    From: fields.from,
    ApiVersion: "2010-04-01",
    ...extra,
  };
}

/** A status callback as Twilio posts it (the capture of twilio.md §3.3), with overrides. */
export function twilioStatus(
  fields: { sid: string; accountSid: string; from: string; to: string; status: string },
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    SmsSid: fields.sid,
    SmsStatus: fields.status,
    MessageStatus: fields.status,
    To: fields.to,
    MessageSid: fields.sid,
    AccountSid: fields.accountSid,
    From: fields.from,
    ApiVersion: "2010-04-01",
    ...extra,
  };
}

/** What Twilio's signature covers after the URL: the keys sorted, each glued to its value, no separators. */
export function glued(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((key) => key + params[key])
    .join("");
}

/** POSTs `params` with `signature`, or with a valid signature for `params` when none is given. */
export async function postSigned(
  url: string,
  authToken: string,
  params: Record<string, string>,
  signature = twilio.getExpectedTwilioSignature(authToken, url, params),
): Promise<{ status: number; body: string }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature },
    body: new URLSearchParams(params).toString(),
  });
  return { status: response.status, body: await response.text() };
}

/**
 * The re-cut of a captured inbound webhook whose Body was `hi From<victim>MessageSid<fresh>NumMedia0Zzz`:
 * Body ends at "hi ", the spelled keys follow, and `Zzz` (sorted last) swallows the rest of the real request,
 * the texter's From and the real sid with it. Glued, it is the captured request: the same signature verifies.
 */
export function recutAsVictim(captured: Record<string, string>, victim: string, fresh: string): Record<string, string> {
  const rest = Object.fromEntries(Object.entries(captured).filter(([key]) => key > "Body"));
  return {
    AccountSid: captured["AccountSid"]!,
    ApiVersion: captured["ApiVersion"]!,
    Body: "hi ",
    From: victim,
    MessageSid: fresh,
    NumMedia: "0",
    Zzz: glued(rest),
  };
}
