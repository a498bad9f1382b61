/** @module The API's personal-data routes: `GET /api/users/:user/export` (one JSON document) and `DELETE /api/users/:user` (erasure). */
import express from "express";
import type { Logger } from "pino";
import type { Clock } from "../../engine/types.ts";
import type { Store } from "../store/index.ts";
import type { EraseResult } from "../store/personal/types.ts";
import { ApiError } from "./routes.ts";

const E164 = /^\+[1-9]\d{6,14}$/;
/** A user with a message mid-send is retried this long before DELETE answers 409. */
const ERASE_WAIT_MS = 10_000;

function phone(raw: string | undefined): string {
  if (raw === undefined || !E164.test(raw))
    throw new ApiError(400, "user: a phone number in E.164 form (a + and the country code, digits only), URL-encoded: %2B15550001111");
  return raw;
}

export function personalRoutes(store: Store, clock: Clock, logger: Logger): express.Router {
  const router = express.Router();
  const personal = store.personal;
  if (!personal) return router;

  router.get("/users/:user/export", async (req, res) => {
    const userId = phone(req.params["user"]);
    const document = await personal.exportUser(userId, clock.now());
    if (document === null) throw new ApiError(404, `no user ${userId}`);
    logger.info({ event: "user.exported", userId }, `${userId}'s data was exported through the API`);
    res.json(document);
  });

  router.delete("/users/:user", async (req, res) => {
    const userId = phone(req.params["user"]);
    const deadline = Date.now() + ERASE_WAIT_MS;
    let result: EraseResult = await personal.eraseUser(userId, clock.now());
    while (!result.ok && result.reason === "sending" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      result = await personal.eraseUser(userId, clock.now());
    }
    if (!result.ok) throw new ApiError(result.reason === "unknown" ? 404 : 409, result.message);
    logger.warn(
      { event: "user.erased", erasedAs: result.erasedAs, suppressed: result.suppressed },
      `a user was erased through the API: now ${result.erasedAs} in the message log${result.suppressed ? " (opted out: kept as a suppression record)" : ""}`,
    );
    res.json({ erased: true, erasedAs: result.erasedAs, suppressed: result.suppressed, counts: result.counts });
  });
  return router;
}
