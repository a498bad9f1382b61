/** @module Express middleware that checks `X-Twilio-Signature` against the public URL; a bad or missing signature gets 403 and nothing else runs. */
import type { RequestHandler } from "express";
import twilio from "twilio";
import type { Logger } from "pino";
import type { WebhookOwner } from "./webhook-keys.ts";

export interface SignatureOptions extends WebhookOwner {
  authToken: string;
  /** The base URL Twilio was given (scheme, host, port, path prefix). Null: rebuilt from the request (local use only). */
  publicUrl: string | null;
  logger: Logger;
}

export function requireTwilioSignature({ authToken, publicUrl, logger }: SignatureOptions): RequestHandler {
  return (req, res, next) => {
    const signature = req.header("x-twilio-signature");
    // Behind a proxy the request's own host and scheme are not what Twilio signed: the configured URL is.
    const url = publicUrl !== null ? publicUrl + req.originalUrl : `${req.protocol}://${req.get("host")}${req.originalUrl}`;
    const params = (req.body ?? {}) as Record<string, unknown>;
    if (signature && twilio.validateRequest(authToken, signature, url, params)) {
      next();
      return;
    }
    logger.warn(
      { event: "signature.rejected", url, missing: !signature, ip: req.ip },
      `${signature ? "invalid" : "missing"} X-Twilio-Signature on POST ${req.originalUrl}: rejected with 403. ` +
        `If this was Twilio, the URL it signed differs from ${url}: set BOT_PUBLIC_URL to the exact base URL configured in the Twilio console, and check TWILIO_AUTH_TOKEN.`,
    );
    res.status(403).type("text/plain").send("Twilio signature check failed");
  };
}
