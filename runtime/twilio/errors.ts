/** @module Twilio error codes the runtime meets, each with what it means, what to do and whether to retry. */

/**
 * How the runtime may react:
 * - `never`: resending the same message cannot succeed (bad number, opt-out, configuration).
 * - `backoff`: the request was not processed or the failure is temporary; retry later with backoff.
 * - `reconcile`: the outcome is unknown (Twilio may have created the message); fetch before resending.
 */
export type TwilioRetry = "never" | "backoff" | "reconcile";

/** Where the code shows up: a REST error body, the `ErrorCode` of a status callback, or Twilio's debugger for webhooks. */
export type TwilioErrorSource = "rest" | "callback" | "webhook";

export interface TwilioErrorInfo {
  code: number;
  title: string;
  explanation: string;
  action: string;
  retry: TwilioRetry;
  source: TwilioErrorSource;
  /** HTTP status of the REST error response, for `source: "rest"`. */
  httpStatus?: number;
}

type Entry = Omit<TwilioErrorInfo, "code">;

const rest = (httpStatus: number, title: string, explanation: string, action: string, retry: TwilioRetry): Entry => ({
  title,
  explanation,
  action,
  retry,
  source: "rest",
  httpStatus,
});
const callback = (title: string, explanation: string, action: string, retry: TwilioRetry): Entry => ({
  title,
  explanation,
  action,
  retry,
  source: "callback",
});
const webhook = (title: string, explanation: string, action: string): Entry => ({
  title,
  explanation,
  action,
  retry: "never",
  source: "webhook",
});

/** Sorted by code. Explanations follow Twilio's error dictionary; `action` is what an operator of this runtime should do. */
export const TWILIO_ERRORS: Readonly<Record<number, Entry>> = {
  11200: webhook(
    "HTTP retrieval failure",
    "Twilio could not get a usable answer from your webhook: it timed out (15 s), answered 4xx/5xx, used a bad Content-Type, or redirected to an invalid URL.",
    "Make the webhook answer 2xx with text/xml within a few seconds; check the server log for the failing request.",
  ),
  11205: webhook(
    "HTTP connection failure",
    "Twilio could not connect to your webhook (10 s to connect, 15 s in total).",
    "Check that the public URL is reachable from the internet and the server is running.",
  ),
  20001: rest(
    400,
    "Invalid parameter",
    "The request could not be read: malformed form encoding or a parameter of the wrong type.",
    "This is a bug in the caller; log the request and fix how it is built.",
    "never",
  ),
  20003: rest(
    401,
    "Authentication failed",
    "The Account SID / Auth Token pair (or API key) was rejected.",
    "Check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN; a rotated token must be updated everywhere.",
    "never",
  ),
  20404: rest(
    404,
    "Resource not found",
    "The requested resource (for example a Message SID) does not exist in this account.",
    "Check the SID and the account it belongs to.",
    "never",
  ),
  20429: rest(
    429,
    "Too many requests",
    "Too many concurrent REST requests. The request was never processed and is always safe to retry.",
    "Retry with exponential backoff and lower the dispatcher's concurrency.",
    "backoff",
  ),
  20500: rest(
    500,
    "Internal server error",
    "Twilio failed while handling the request; it may or may not have been carried out.",
    "Fetch the message (or list by recipient) before resending, to avoid a duplicate.",
    "reconcile",
  ),
  21211: rest(
    400,
    "Invalid 'To' phone number",
    "The 'To' number is not a valid phone number (or is your own sending number).",
    "Store numbers in E.164 form (+14155552671); do not send to this number again until it is fixed.",
    "never",
  ),
  21212: rest(
    400,
    "Invalid 'From' number",
    "The 'From' value is not a valid phone number, short code or alphanumeric sender ID.",
    "Configure the sender as an E.164 Twilio number, or use a Messaging Service.",
    "never",
  ),
  21266: rest(
    400,
    "'To' and 'From' are the same",
    "A message cannot be sent from a number to itself.",
    "Check the sender configuration and the recipient.",
    "never",
  ),
  21408: rest(
    400,
    "Permission to send an SMS has not been enabled for the region",
    "The account's Messaging Geographic Permissions do not allow the country of 'To'.",
    "Enable the destination country in the Twilio console (Messaging > Settings > Geo permissions).",
    "never",
  ),
  21602: rest(
    400,
    "Message body is required",
    "The message had neither a Body nor media (nor a content template).",
    "A reply rendered empty text; check the bot script for replies that can be empty.",
    "never",
  ),
  21603: rest(
    400,
    "'From' phone number is required",
    "Neither 'From' nor 'MessagingServiceSid' was given.",
    "Configure a sender number or a Messaging Service.",
    "never",
  ),
  21604: rest(
    400,
    "'To' phone number is required",
    "The request had no 'To' parameter.",
    "This is a bug in the caller: every outbound message needs a recipient.",
    "never",
  ),
  21606: rest(
    400,
    "'From' is not a valid message-capable Twilio number",
    "The 'From' number is not an SMS-capable Twilio number or short code of this account for this destination.",
    "Use a number of this account with SMS capability (short codes must match the destination country).",
    "never",
  ),
  21608: rest(
    400,
    "Unverified number on a trial account",
    "Trial accounts can only send to verified numbers; 'To' is not verified.",
    "Verify the recipient in the Twilio console, or upgrade the account.",
    "never",
  ),
  21609: rest(
    400,
    "Invalid StatusCallback URL",
    "The StatusCallback is not a valid http(s) URL (underscores are not allowed in the host name).",
    "Configure the public base URL of the runtime correctly.",
    "never",
  ),
  21610: rest(
    400,
    "Recipient has unsubscribed",
    "The recipient replied STOP (or another opt-out keyword) to this sender. The message was not sent and not charged.",
    "Mark the user opted out and send nothing more until they reply START.",
    "never",
  ),
  21611: rest(
    400,
    "Sender queue is full",
    "The 'From' number has more than 10 hours of messages queued.",
    "Slow down, spread traffic over more senders, and retry later.",
    "backoff",
  ),
  21612: rest(
    400,
    "'To' is not reachable via SMS",
    "There is no route from this sender to the destination (carrier or sender restrictions).",
    "Do not retry in a loop; check the destination or use another sender.",
    "never",
  ),
  21614: rest(
    400,
    "'To' is not a mobile number",
    "The recipient is a landline or an invalid number and cannot receive SMS.",
    "Stop sending SMS to this number.",
    "never",
  ),
  21617: rest(
    400,
    "Body exceeds 1600 characters",
    "The concatenated message body is longer than 1600 characters (some glyphs such as emoji count as several).",
    "Shorten the reply or split it into several messages; the linter reports this at compile time.",
    "never",
  ),
  21620: rest(400, "Invalid media URL", "A MediaUrl is not a valid http(s) URL.", "Use absolute http(s) URLs for media.", "never"),
  21621: rest(
    400,
    "'From' is not enabled for MMS",
    "The sender cannot send media messages.",
    "Send text only from this number, or use an MMS-capable number.",
    "never",
  ),
  21623: rest(400, "Too many media files", "A message can carry at most 10 media URLs.", "Split the media over several messages.", "never"),
  21659: rest(
    400,
    "'From' is not a Twilio phone number",
    "The 'From' number is not a Twilio number or verified sender of this account, or a short code's country does not match.",
    "Use a number owned by this account (check for typos and the account in use).",
    "never",
  ),
  21701: rest(
    400,
    "Invalid Messaging Service SID",
    "The MessagingServiceSid does not name a Messaging Service of this account.",
    "Check the MG… SID in the configuration.",
    "never",
  ),
  30001: callback(
    "Queue overflow",
    "The message was accepted but failed because the sender's queue overflowed.",
    "Slow down or add senders to the Messaging Service, then resend.",
    "backoff",
  ),
  30002: callback(
    "Account suspended",
    "The account was suspended between the request and delivery.",
    "Contact Twilio support; nothing can be sent until the account is reinstated.",
    "never",
  ),
  30003: callback(
    "Unreachable destination handset",
    "The handset is off, out of coverage, or the carrier could not reach it.",
    "Possibly temporary: retry a limited number of times after a delay.",
    "backoff",
  ),
  30004: callback("Message blocked", "The recipient, their carrier or a do-not-disturb setting blocked the message.", "Do not retry automatically.", "never"),
  30005: callback("Unknown destination handset", "The number is unknown to the carrier and may no longer exist.", "Treat the number as invalid.", "never"),
  30006: callback(
    "Landline or unreachable carrier",
    "The destination is a landline or the carrier cannot receive SMS.",
    "Stop sending SMS to this number.",
    "never",
  ),
  30007: callback(
    "Message filtered",
    "The carrier or Twilio filtered the message as spam or unregistered traffic.",
    "Do not resend the same content; review the content and the sender's registration (A2P 10DLC, toll-free verification).",
    "never",
  ),
  30008: callback(
    "Unknown error",
    "Delivery failed for a reason the carrier did not report.",
    "Retry a limited number of times; if it persists, contact Twilio support with the Message SID.",
    "backoff",
  ),
  30009: callback(
    "Missing segment",
    "One or more segments of a multi-part message were not received.",
    "Shorter messages (≤ 320 characters) avoid concatenation problems.",
    "never",
  ),
  30010: callback(
    "Message price exceeds max price",
    "The message cost more than its MaxPrice (MaxPrice has no effect since 2024-06-03).",
    "Remove MaxPrice from requests.",
    "never",
  ),
  30019: callback(
    "Content size exceeds carrier limit",
    "The MMS media is larger than the carrier accepts.",
    "Keep non-image attachments under 600 KB and images under 5 MB.",
    "never",
  ),
  30022: callback("US A2P 10DLC rate limit exceeded", "The campaign's carrier throughput was exceeded.", "Slow the send rate and retry later.", "backoff"),
  30023: callback(
    "US A2P 10DLC daily cap reached",
    "The brand's daily T-Mobile cap was reached (resets at midnight Pacific).",
    "Retry after the cap resets.",
    "backoff",
  ),
  30032: callback(
    "Toll-free number not verified",
    "Unverified toll-free numbers cannot send to the US and Canada.",
    "Complete toll-free verification for the sender.",
    "never",
  ),
  30034: callback(
    "Message from an unregistered number",
    "US A2P 10DLC: the sending long code is not registered to an approved campaign.",
    "Register the brand and campaign and add the number to it.",
    "never",
  ),
  30036: callback(
    "Validity period expired",
    "The message waited in the queue longer than its ValidityPeriod.",
    "The content is stale; send a fresh message if it is still relevant.",
    "never",
  ),
  63017: rest(
    429,
    "Account rate limit exceeded",
    "The account and its subaccounts together sent more than 2,000 messages per second; the request was not processed.",
    "Slow down: the runtime's sender meter halves its rate for a minute and sends the message again in its turn.",
    "backoff",
  ),
};

/** Twilio's documentation page for a code, as Twilio puts in `more_info`. */
export function moreInfoUrl(code: number): string {
  return `https://www.twilio.com/docs/errors/${code}`;
}

/** What a Twilio error code means and what to do; unknown codes get a generic entry that says so. */
export function explainTwilioError(code: number): TwilioErrorInfo {
  const entry = TWILIO_ERRORS[code];
  if (entry) return { code, ...entry };
  return {
    code,
    title: "Unknown Twilio error",
    explanation: `Twilio reported error ${code}, which this runtime has no explanation for.`,
    action: `See ${moreInfoUrl(code)}.`,
    retry: "never",
    source: code >= 30000 && code < 31000 ? "callback" : "rest",
  };
}

/** One log-ready line: `Twilio 21610 (Recipient has unsubscribed): … Do: …`. */
export function describeTwilioError(code: number): string {
  const info = explainTwilioError(code);
  return `Twilio ${code} (${info.title}): ${info.explanation} Do: ${info.action}`;
}
