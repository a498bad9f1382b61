/** @module The token-protected HTTP API at `/api` (Bearer token): broadcasts, message log, users; JSON errors throughout. */
import express from "express";
import type { Logger } from "pino";
import type { BroadcastService } from "../broadcast/service.ts";
import { bearerToken, checkToken, TOKEN_ENV } from "./auth.ts";
import { apiRoutes, ApiError } from "./routes.ts";
import { personalRoutes } from "./personal.ts";
import { versionsRoutes } from "./versions.ts";
import type { VersionsService } from "../versions/service.ts";
import { handoffRoutes } from "./handoffs.ts";
import type { HandoffService } from "../handoff/index.ts";
import { insightsRoutes } from "./insights-routes.ts";
import type { InsightsSource } from "../insights/source.ts";
import type { Clock } from "../../engine/types.ts";
import { nulIn } from "../http/hygiene.ts";
import { createThrottle, retryAfterSeconds, type Throttle } from "../http/throttle.ts";

export { checkToken, bearerToken, tokenFromEnv, tokenProblem, TOKEN_ENV } from "./auth.ts";
export type { TokenCheck } from "./auth.ts";
export { withExplanation } from "./routes.ts";

export interface ApiOptions {
  service: BroadcastService;
  /** Null disables the API (404 with the reason). */
  token: string | null;
  logger: Logger;
  /** Slows down guessing per client; share one with the dashboard. Default: its own, on the wall clock. */
  throttle?: Throttle;
  /** Published versions (`/api/versions`, docs/versions.md); absent: those routes are not mounted. */
  versions?: VersionsService;
  /** Human takeover's routes (`/api/handoffs`, docs/handoff.md); absent: not mounted. */
  handoff?: HandoffService | null;
  /** The insights routes' data (`/api/insights/…`); absent: those routes are not mounted. */
  insights?: { source: InsightsSource; clock: Clock };
}

/** Mount at the app root: the router answers under `/api`. */
export function createApiRouter({
  service,
  token,
  logger,
  throttle = createThrottle({ now: Date.now }),
  insights,
  handoff = null,
  versions,
}: ApiOptions): express.Router {
  const outer = express.Router();
  const api = express.Router();
  api.use((req, res, next) => {
    const given = bearerToken(req.get("authorization"));
    const client = req.ip ?? "unknown";
    // A client over its wrong-token allowance waits before any token is even compared, the right one too.
    const wait = token !== null && given ? throttle.wait(client) : 0;
    if (wait > 0) {
      logger.warn(
        { event: "auth.throttled", path: req.originalUrl, ip: req.ip, retryAfterMs: wait },
        `API request ${req.method} ${req.originalUrl} refused with 429 (throttle rule): too many wrong tokens from ${req.ip}; retry in ${retryAfterSeconds(wait)} s`,
      );
      res
        .status(429)
        .set("Retry-After", String(retryAfterSeconds(wait)))
        .json({ error: `too many wrong tokens from this client: retry in ${retryAfterSeconds(wait)} s` });
      return;
    }
    const check = checkToken(token, given);
    if (check === "ok") {
      throttle.succeed(client);
      return next();
    }
    if (check === "wrong") throttle.fail(client);
    if (check === "disabled") {
      res.status(404).json({ error: `the HTTP API is disabled: set ${TOKEN_ENV} to a long random secret and restart bot run` });
      return;
    }
    logger.warn(
      { event: "api.unauthorized", path: req.originalUrl, ip: req.ip, reason: check },
      `API request ${req.method} ${req.originalUrl} refused: ${check} token`,
    );
    res
      .status(401)
      .set("WWW-Authenticate", "Bearer")
      .json({ error: check === "missing" ? "missing token: send Authorization: Bearer <token>" : "wrong token" });
  });
  api.use(express.json({ limit: "200kb" }));
  // U+0000 in any parameter (URL or JSON body): PostgreSQL cannot take it, and nothing of ours needs it.
  api.use((req, res, next) => {
    const where = nulIn(req);
    if (where === null) return next();
    logger.warn(
      { event: "request.rejected", status: 400, path: req.path, ip: req.ip },
      `API ${req.method} ${req.path} answered 400 (parameter rule): ${where} holds a NUL character`,
    );
    res.status(400).json({ error: `${where} holds a NUL character (U+0000); send text without it` });
  });
  if (handoff) api.use(handoffRoutes(handoff, logger));
  api.use(personalRoutes(service.store, service.clock, logger));
  api.use(apiRoutes(service, logger));
  if (versions) api.use(versionsRoutes(versions));
  if (insights) api.use(insightsRoutes(insights.source, insights.clock));
  api.use((req, res) => {
    res.status(404).json({ error: `no such API route: ${req.method} ${req.originalUrl}` });
  });
  api.use(((error, req, res, _next) => {
    if (error instanceof ApiError) {
      res.status(error.status).json({ error: error.message, ...error.extra });
      return;
    }
    const e = error as { type?: string; status?: number; message?: string };
    if (e.type === "entity.parse.failed" || e.type === "entity.too.large") {
      res.status(e.status ?? 400).json({ error: `request body: ${e.message ?? "unreadable"} (send JSON with Content-Type: application/json)` });
      return;
    }
    logger.error(
      { event: "api.error", path: req.originalUrl, err: error },
      `API ${req.method} ${req.originalUrl} failed: ${(error as Error).message}. The request changed nothing it had not committed; check the database and retry.`,
    );
    res.status(500).json({ error: "internal error; see the server log" });
  }) as express.ErrorRequestHandler);
  outer.use("/api", api);
  return outer;
}
