/** @module `POST /sms/status`: Twilio's signed status callbacks. Moves a message's status forward only; 21610 opts the user out. */
import express from "express";
import type { Logger } from "pino";
import type { Clock } from "../../engine/types.ts";
import type { Store } from "../store/index.ts";
import { isSettled } from "../store/index.ts";
import { describeTwilioError } from "../twilio/errors.ts";
import { requireTwilioSignature } from "./signature.ts";
import type { SignatureOptions } from "./signature.ts";
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
      const single = singleValued(req.body);
      const body = single.ok ? single.fields : {};
      const checked = single.ok ? validatedSid(body, options.signature.accountSid) : { error: single.error };
      const status = body["MessageStatus"] ?? body["SmsStatus"];
      const problem = "error" in checked ? checked.error : status === undefined || status === "" ? "missing MessageStatus" : null;
      if (problem !== null || "error" in checked || status === undefined) {
        logger.warn(
          { event: "status.invalid", error: problem, ip: req.ip },
          `POST /sms/status rejected with 400, nothing recorded: ${problem}. Only Twilio status callbacks belong here (a MessageSid of the form SM/MM + 32 hex digits, this account's AccountSid, a MessageStatus, each key once).`,
        );
        res
          .status(400)
          .type("text/plain")
          .send(problem ?? "bad request");
        return;
      }
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
            await store.apply({ at: now, optOut: { userId: result.userId, optedOut: true, reason: "twilio 21610" } });
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
