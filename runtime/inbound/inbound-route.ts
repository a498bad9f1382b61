/** @module `POST /sms`: Twilio's inbound webhook. Signed, parsed, validated, stored in the inbound queue, answered at once; a worker runs it under the user's lock. */
import express from "express";
import type { Logger } from "pino";
import type { Clock } from "../../engine/types.ts";
import type { Store } from "../store/index.ts";
import { isDatabaseUnavailable } from "../store/unavailable.ts";
import type { InboundMessage } from "./conversation.ts";
import { requireTwilioSignature } from "./signature.ts";
import type { SignatureOptions } from "./signature.ts";
import { singleValued, validatedSid } from "./webhook-shape.ts";

/** Replies are sent through the REST API (so delays, ordering and retries work); the webhook answers nothing. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

const FACT_FIELDS = ["FromCity", "FromState", "FromZip", "FromCountry"] as const;

export function inboundRoute(options: {
  store: Store;
  clock: Clock;
  signature: SignatureOptions;
  logger: Logger;
  bodyLimit: string;
  /** A row was stored for this user: the worker should run it now. */
  onStored: (userId: string) => void;
}): express.Router {
  const { store, logger } = options;
  const router = express.Router();
  router.post(
    "/sms",
    express.urlencoded({ extended: false, limit: options.bodyLimit, parameterLimit: 1000 }),
    requireTwilioSignature(options.signature),
    async (req, res) => {
      const parsed = parseInbound(req.body, options.signature.accountSid);
      if ("error" in parsed) {
        logger.warn(
          { event: "inbound.invalid", error: parsed.error, ip: req.ip },
          `POST /sms rejected with 400, nothing run: ${parsed.error}. The signature was valid, so this is either a re-split replay of a captured request or a sender that is not Twilio: Twilio always sends From, AccountSid and a MessageSid of the form SM/MM + 32 hex digits, each key once.`,
        );
        res.status(400).type("text/plain").send(parsed.error);
        return;
      }
      let stored: boolean;
      try {
        // Durable before Twilio hears 200: from here on the message is answered whatever dies.
        stored = await store.enqueueInbound(parsed, options.clock.now());
      } catch (error) {
        const away = isDatabaseUnavailable(error);
        const status = away ? 503 : 500;
        logger.error(
          { event: "inbound.error", sid: parsed.sid, from: parsed.from, status, err: error },
          `inbound ${parsed.sid} from ${parsed.from} failed: ${(error as Error).message}. Nothing was saved for it and it was answered ${status}, so a retry by Twilio runs it again. ${away ? "The database is unreachable: check that PostgreSQL is up (DATABASE_URL)." : "Check the database file (permissions, disk space) and the lines above."}`,
        );
        if (away) res.set("Retry-After", "1");
        res
          .status(status)
          .type("text/plain")
          .send(away ? "database unavailable" : "internal error");
        return;
      }
      if (stored) {
        logger.debug({ event: "inbound.queued", sid: parsed.sid, from: parsed.from }, `inbound ${parsed.sid} from ${parsed.from} queued`);
        options.onStored(parsed.from);
      } else {
        logger.info(
          { event: "inbound", sid: parsed.sid, from: parsed.from, outcome: "replayed" },
          `inbound ${parsed.sid} from ${parsed.from}: replayed (already stored; a retry is a no-op)`,
        );
      }
      res.status(200).type("text/xml").send(EMPTY_TWIML);
    },
  );
  return router;
}

/** A signed webhook body as an inbound message, or why it is refused (repeated keys, sid shapes, another account). */
export function parseInbound(body: unknown, accountSid: string): InboundMessage | { error: string } {
  const single = singleValued(body);
  if (!single.ok) return { error: single.error };
  const fields = single.fields;
  const field = (name: string): string | undefined => fields[name];
  const from = field("From")?.trim();
  if (!from) return { error: "missing From" };
  const checked = validatedSid(fields, accountSid);
  if ("error" in checked) return checked;
  const sid = checked.sid;
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
