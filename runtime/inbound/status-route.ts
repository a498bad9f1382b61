/** @module `POST /sms/status`: Twilio's signed status callbacks. Moves a message's status forward only; 21610 opts the user out. */
import express from "express";
import type { Logger } from "pino";
import type { Clock } from "../../engine/types.ts";
import type { Store } from "../store/index.ts";
import { isSettled } from "../store/index.ts";
import { describeTwilioError } from "../twilio/errors.ts";
import { requireTwilioSignature } from "./signature.ts";
import type { SignatureOptions } from "./signature.ts";
import { statusShapeProblem } from "./webhook-keys.ts";
import type { ShapeProblem, WebhookOwner } from "./webhook-keys.ts";
import { singleValued, validatedSid } from "./webhook-shape.ts";

export function statusRoute(options: {
  store: Store;
  clock: Clock;
  signature: SignatureOptions;
  logger: Logger;
  bodyLimit: string;
  /** A message settled: strict ordering may now send that user's next one. */
  onSettled: () => void;
}): express.Router {
  const { store, clock, logger } = options;
  const router = express.Router();
  router.post(
    "/sms/status",
    express.urlencoded({ extended: false, limit: options.bodyLimit, parameterLimit: 1000 }),
    requireTwilioSignature(options.signature),
    async (req, res) => {
      const checked = parseStatus(req.body, options.signature);
      if ("error" in checked) {
        logger.warn(
          { event: "status.invalid", rule: checked.rule, error: checked.error, ip: req.ip },
          `POST /sms/status rejected with 400 (rule ${checked.rule}), nothing recorded: ${checked.error}. Only Twilio status callbacks belong here, with the keys and value formats Twilio sends (docs/security.md, Webhooks).`,
        );
        res.status(400).type("text/plain").send(checked.error);
        return;
      }
      const { body, status } = checked;
      const sid = checked.sid;
      const rawCode = body["ErrorCode"] !== undefined ? Number(body["ErrorCode"]) : NaN;
      const errorCode = Number.isInteger(rawCode) && rawCode > 0 ? rawCode : null;
      try {
        const now = clock.now();
        const result = await store.recordStatus(sid, { status, at: now, errorCode });
        if (!result.found) {
          logger.info(
            { event: "status.unknown-sid", sid, status },
            `status ${status} for ${sid}, which this runtime did not send (or has not recorded yet); ignored`,
          );
        } else {
          logger.debug(
            { event: "status", sid, status, advanced: result.advanced, stored: result.status },
            `status ${status} for ${sid}${result.advanced ? "" : ` (kept ${result.status}: callbacks can arrive out of order)`}`,
          );
          if (errorCode !== null) {
            logger.warn(
              { event: "status.error", sid, status, code: errorCode, userId: result.userId },
              `message ${sid} to ${result.userId} ${status}: ${describeTwilioError(errorCode)}`,
            );
          }
          if (errorCode === 21610 && result.userId !== null) {
            await store.apply({ at: now, optOut: { userId: result.userId, optedOut: true, reason: "twilio 21610", sid } });
            logger.warn(
              { event: "optout", userId: result.userId, reason: "twilio 21610" },
              `${result.userId} is now opted out (Twilio 21610): nothing more is sent until they text START`,
            );
          }
          if (result.advanced && isSettled(result.status)) options.onSettled();
        }
        res.status(200).type("text/plain").send("");
      } catch (error) {
        logger.error(
          { event: "status.error", sid, err: error },
          `status callback for ${sid} could not be saved: ${(error as Error).message}. Answered 500; check the database file.`,
        );
        res.status(500).type("text/plain").send("internal error");
      }
    },
  );
  return router;
}

/** A signed status callback's fields, sid and status, or why it is refused (the same rules as `POST /sms`, for a callback's key set). */
export function parseStatus(body: unknown, owner: WebhookOwner): { sid: string; status: string; body: Record<string, string> } | ShapeProblem {
  const single = singleValued(body);
  if (!single.ok) return { rule: "format", error: single.error };
  const fields = single.fields;
  const checked = validatedSid(fields, owner.accountSid);
  if ("error" in checked) return checked;
  const status = fields["MessageStatus"];
  if (status === undefined || status === "") return { rule: "missing-key", error: "missing MessageStatus" };
  const problem = statusShapeProblem(fields, owner);
  if (problem !== null) return problem;
  return { sid: checked.sid, status, body: fields };
}
