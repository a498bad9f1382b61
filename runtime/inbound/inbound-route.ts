/** @module `POST /sms`: Twilio's inbound webhook. Signed, parsed, validated, stored in the inbound queue, answered at once; a worker runs it under the user's lock. */
import express from "express";
import type { Logger } from "pino";
import type { Clock } from "../../engine/types.ts";
import type { Store } from "../store/index.ts";
import { isDatabaseUnavailable } from "../store/unavailable.ts";
import type { InboundMessage } from "./conversation.ts";
import { requireTwilioSignature } from "./signature.ts";
import type { SignatureOptions } from "./signature.ts";
import { storableText } from "./storable-text.ts";
import { inboundShapeProblem } from "./webhook-keys.ts";
import type { ShapeProblem, WebhookOwner } from "./webhook-keys.ts";
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
      const parsed = parseInbound(req.body, options.signature);
      if ("error" in parsed) {
        logger.warn(
          { event: "inbound.invalid", rule: parsed.rule, error: parsed.error, ip: req.ip },
          `POST /sms rejected with 400 (rule ${parsed.rule}), nothing run: ${parsed.error}. The signature was valid, so this is either a re-cut replay of a captured request or a sender that is not Twilio: a webhook is run only with the keys and value formats Twilio sends (docs/security.md, Webhooks).`,
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

/**
 * A signed webhook body as an inbound message, or why it is refused: repeated keys, sid shapes, another
 * account, or a key set or value Twilio never sends (`inboundShapeProblem`). The Body is stored with
 * U+0000 and lone surrogates replaced by U+FFFD (`storableText`), the same on every store.
 */
export function parseInbound(body: unknown, owner: WebhookOwner): InboundMessage | ShapeProblem {
  const single = singleValued(body);
  if (!single.ok) return { rule: "format", error: single.error };
  const fields = single.fields;
  const field = (name: string): string | undefined => fields[name];
  const from = field("From");
  if (from === undefined || from.trim() === "") return { rule: "missing-key", error: "missing From" };
  const checked = validatedSid(fields, owner.accountSid);
  if ("error" in checked) return checked;
  const problem = inboundShapeProblem(fields, owner);
  if (problem !== null) return problem;
  const count = Number(field("NumMedia"));
  const media: string[] = [];
  const mediaTypes: string[] = [];
  for (let i = 0; i < count; i++) {
    // Present for every i < NumMedia: inboundShapeProblem checked.
    media.push(field(`MediaUrl${i}`)!);
    mediaTypes.push(field(`MediaContentType${i}`)!);
  }
  const facts: Record<string, string> = {};
  for (const name of FACT_FIELDS) {
    const value = field(name);
    if (value) facts[name] = value;
  }
  const optOutType = field("OptOutType");
  return { sid: checked.sid, from, body: storableText(field("Body") ?? ""), media, mediaTypes, facts, ...(optOutType && { optOutType }) };
}
