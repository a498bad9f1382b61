/** @module POSTs a form signed with X-Twilio-Signature, as Twilio calls webhooks and status callbacks. */
import twilio from "twilio";
import { isLoopbackUrl } from "./phone.ts";

export interface SignedPostResult {
  status?: number;
  contentType?: string;
  body?: string;
  error?: string;
}

/**
 * Signs with twilio-node's own `getExpectedTwilioSignature`, so whatever validates with
 * `twilio.validateRequest` accepts it. Only loopback targets are allowed: the emulator must never
 * send traffic off the machine.
 */
export async function signedPost(url: string, params: Record<string, string>, authToken: string, timeoutMs: number): Promise<SignedPostResult> {
  if (!isLoopbackUrl(url)) return { error: `refused: ${url} is not a loopback http(s) URL` };
  const signature = twilio.getExpectedTwilioSignature(authToken, url, params);
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
        "X-Twilio-Signature": signature,
        "User-Agent": "TwilioProxy/1.1",
        "I-Twilio-Idempotency-Token": crypto.randomUUID(),
      },
      body: new URLSearchParams(params).toString(),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "manual",
    });
    const body = await response.text();
    return { status: response.status, contentType: response.headers.get("content-type") ?? "", body };
  } catch (error) {
    const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    return { error: cause };
  }
}
