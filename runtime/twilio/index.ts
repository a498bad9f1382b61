/** @module Shared Twilio knowledge: the REST client, error codes, opt-out keywords and segment counting. */

// REST client (real Twilio or a local base URL)
export { createTwilioClient, twilioOptionsFromEnv, rewriteTwilioUri, BaseUrlRequestClient } from "./client.ts";
export type { TwilioClient, TwilioClientOptions } from "./client.ts";

// Error codes
export { TWILIO_ERRORS, explainTwilioError, describeTwilioError, moreInfoUrl } from "./errors.ts";
export type { TwilioErrorInfo, TwilioRetry, TwilioErrorSource } from "./errors.ts";

// Opt-out keywords
export { classifyKeyword, OPT_OUT_KEYWORDS, OPT_IN_KEYWORDS, HELP_KEYWORDS } from "../../sms/keywords/opt-out.ts";
export type { KeywordFamily } from "../../sms/keywords/opt-out.ts";

// Segments
export { countSegments } from "./segments.ts";
export type { SegmentInfo, SmsEncoding } from "./segments.ts";
