/** @module `POST /sms`: Twilio's inbound webhook. Signed, parsed, validated, claimed once, run under the user's lock; replies go out through the outbox. */
import express from "express";
import type { Logger } from "pino";
import type { Conversation, InboundMessage } from "./conversation.ts";
import { requireTwilioSignature } from "./signature.ts";
import type { SignatureOptions } from "./signature.ts";

/** Replies are sent through the REST API (so delays, ordering and retries work); the webhook answers nothing. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

const FACT_FIELDS = ["FromCity", "FromState", "FromZip", "FromCountry"] as const;

export function inboundRoute(options: {
  conversation: Conversation;
  signature: SignatureOptions;
  logger: Logger;
  bodyLimit: string;
  onQueued: () => void;
}): express.Router {
  const { conversation, logger } = options;
  const router = express.Router();
  router.post(
    "/sms",
    express.urlencoded({ extended: false, limit: options.bodyLimit, parameterLimit: 1000 }),
    requireTwilioSignature(options.signature),
    async (req, res) => {
      const parsed = parseInbound(req.body as Record<string, unknown>);
      if ("error" in parsed) {
        logger.warn({ event: "inbound.invalid", error: parsed.error }, `POST /sms rejected with 400: ${parsed.error}. The request was signed, so check what sends it: Twilio always sends From and MessageSid.`);
        res.status(400).type("text/plain").send(parsed.error);
        return;
      }
      try {
        const outcome = await conversation.handleInbound(parsed);
        logger.info({ event: "inbound", sid: parsed.sid, from: parsed.from, outcome }, `inbound ${parsed.sid} from ${parsed.from}: ${outcome}`);
        if (outcome === "answered") options.onQueued();
        res.status(200).type("text/xml").send(EMPTY_TWIML);
      } catch (error) {
        logger.error(
          { event: "inbound.error", sid: parsed.sid, from: parsed.from, err: error },
          `inbound ${parsed.sid} from ${parsed.from} failed: ${(error as Error).message}. Nothing was saved for it and it was answered 500, so a retry by Twilio runs it again. Check the database file (permissions, disk space) and the lines above.`,
        );
        res.status(500).type("text/plain").send("internal error");
      }
    },
  );
  return router;
}

export function parseInbound(body: Record<string, unknown>): InboundMessage | { error: string } {
  const field = (name: string): string | undefined => {
    const value = body[name];
    return typeof value === "string" ? value : undefined;
  };
  const from = field("From")?.trim();
  const sid = field("MessageSid")?.trim() ?? field("SmsMessageSid")?.trim();
  if (!from) return { error: "missing From" };
  if (!sid) return { error: "missing MessageSid" };
  if (sid.length > 64) return { error: "MessageSid too long" };
  const count = Math.min(Number(field("NumMedia") ?? "0") || 0, 10);
  const media: string[] = [];
  const mediaTypes: string[] = [];
  for (let i = 0; i < count; i++) {
    const url = field(`MediaUrl${i}`);
    if (url === undefined) continue;
    media.push(url);
    // Any content type is accepted: the bot sees the URL, Twilio vouches for the rest.
    mediaTypes.push(field(`MediaContentType${i}`) ?? "application/octet-stream");
  }
  const facts: Record<string, string> = {};
  for (const name of FACT_FIELDS) {
    const value = field(name);
    if (value) facts[name] = value;
  }
  const optOutType = field("OptOutType");
  return { sid, from, body: field("Body") ?? "", media, mediaTypes, facts, ...(optOutType && { optOutType }) };
}
