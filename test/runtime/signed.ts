/** @module Posts a correctly signed webhook to the harness's server, as Twilio would on a retry. */
import twilio from "twilio";
import type { Harness } from "./harness.ts";

export async function signedRetry(h: Harness, params: Record<string, string>): Promise<number> {
  const url = `${h.server.url}/sms`;
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Twilio-Signature": twilio.getExpectedTwilioSignature(h.emulator.authToken, url, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  return response.status;
}
