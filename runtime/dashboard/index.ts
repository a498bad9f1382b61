/** @module The dashboard at `/dashboard`: server-rendered pages behind the API token (sign-in form sets a cookie; Bearer works too). Off without a token. */
import express from "express";
import type { Logger } from "pino";
import { checkToken, bearerToken, TOKEN_ENV } from "../api/index.ts";
import type { BroadcastService } from "../broadcast/service.ts";
import { BadParameter, idParam, nulIn } from "../http/hygiene.ts";
import { crossOriginReason } from "../http/same-origin.ts";
import { createThrottle, retryAfterSeconds, type Throttle } from "../http/throttle.ts";
import { esc, loginPage, page } from "./html.ts";
import { createSessions } from "./sessions.ts";
import { chartRoutes } from "./charts/routes.ts";
import { versionsPages } from "./versions.ts";
import type { VersionsService } from "../versions/service.ts";
import { inboxPages } from "./inbox.ts";
import type { HandoffService } from "../handoff/index.ts";
import { insightsPages } from "./insights.ts";
import { broadcastFormPages } from "./broadcast-form.ts";
import type { InsightsSource } from "../insights/source.ts";
import { broadcastPage, broadcastsPage, messagesPage, overviewPage, userPage, usersPage } from "./pages.ts";

const COOKIE = "bot_dashboard";
/** A sign-in lasts this long; the browser drops the cookie then, and the server ends the session anyway. */
export const SESSION_SECONDS = 12 * 60 * 60;

export interface DashboardOptions {
  service: BroadcastService;
  token: string | null;
  logger: Logger;
  /** `https:` public URLs get `Secure` cookies; its origin counts as the dashboard's own. */
  publicUrl?: string | null;
  /** Clock for sessions and the sign-in throttle (tests inject one). */
  now?: () => number;
  /** Slows down guessing per client; share one with the API. Default: its own on `now`. */
  throttle?: Throttle;
  /** The Versions page (`/dashboard/versions`, docs/versions.md); absent: not mounted. */
  versions?: VersionsService;
  /** The operator inbox (`/dashboard/inbox`, docs/handoff.md); absent: not mounted. */
  handoff?: HandoffService | null;
  /** The insights pages' data (`/dashboard/insights/…`); absent: those pages are not mounted. */
  insights?: InsightsSource;
}

function cookieOf(header: string | undefined): string | null {
  for (const part of (header ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name !== COOKIE) continue;
    try {
      return decodeURIComponent(rest.join("="));
    } catch {
      return null;
    }
  }
  return null;
}

/** Mount at the app root: the router answers under `/dashboard`. */
export function createDashboardRouter({
  service,
  token,
  logger,
  publicUrl = null,
  now = Date.now,
  throttle,
  insights,
  handoff = null,
  versions,
}: DashboardOptions): express.Router {
  const secure = publicUrl?.startsWith("https:") ? "; Secure" : "";
  const sessions = createSessions({ now, ttlMs: SESSION_SECONDS * 1000 });
  const guesses = throttle ?? createThrottle({ now });
  const outer = express.Router();
  const router = express.Router();
  router.use((req, res, next) => {
    if (token === null) {
      res.status(404).type("text/plain").send(`The dashboard is disabled: set ${TOKEN_ENV} to a long random secret and restart bot run.`);
      return;
    }
    next();
  });
  // The dashboard's own forms then carry a real Origin (under no-referrer browsers send "null"); other sites still get no referrer.
  router.use((_req, res, next) => {
    res.set("Referrer-Policy", "same-origin");
    next();
  });
  // Every POST changes something (sign-in, sign-out, clearing a hold): only the dashboard's own pages may send one.
  router.use((req, res, next) => {
    if (req.method !== "POST") return next();
    const why = crossOriginReason(req, publicUrl);
    if (why === null) return next();
    logger.warn(
      { event: "dashboard.cross-origin", path: req.originalUrl, ip: req.ip, origin: req.get("origin")?.slice(0, 80) },
      `dashboard ${req.method} ${req.originalUrl} refused with 403 (same-origin rule): ${why}`,
    );
    res
      .status(403)
      .type("html")
      .send(loginPage(`Refused: this form was sent by another site's page (${why}). Use the dashboard's own pages.`));
  });
  const refuseParameter = (req: express.Request, res: express.Response, why: string) => {
    logger.warn(
      { event: "request.rejected", status: 400, path: req.path, ip: req.ip },
      `dashboard ${req.method} ${req.path} answered 400 (parameter rule): ${why}`,
    );
    res
      .status(400)
      .type("html")
      .send(page("Bad request", `<p class="err">${esc(why)}</p>`));
  };
  // U+0000 in a parameter: PostgreSQL cannot take it, and nothing of ours needs it.
  router.use((req, res, next) => {
    const where = nulIn(req);
    if (where === null) return next();
    refuseParameter(req, res, `${where} holds a NUL character (U+0000)`);
  });
  /** 429 while the client is over its wrong-token allowance; true when answered. */
  const throttled = (req: express.Request, res: express.Response): boolean => {
    const wait = guesses.wait(req.ip ?? "unknown");
    if (wait === 0) return false;
    logger.warn(
      { event: "auth.throttled", path: req.originalUrl, ip: req.ip, retryAfterMs: wait },
      `dashboard sign-in refused with 429 (throttle rule): too many wrong tokens from ${req.ip}; retry in ${retryAfterSeconds(wait)} s`,
    );
    res
      .status(429)
      .set("Retry-After", String(retryAfterSeconds(wait)))
      .type("html")
      .send(loginPage(`Too many wrong tokens: wait ${retryAfterSeconds(wait)} s before trying again.`));
    return true;
  };
  const tokenIs = (req: express.Request, given: string | null | undefined) => {
    const check = checkToken(token, given);
    if (check === "ok") guesses.succeed(req.ip ?? "unknown");
    else if (check === "wrong") guesses.fail(req.ip ?? "unknown");
    return check;
  };
  router.post("/login", express.urlencoded({ extended: false, limit: "4kb" }), (req, res) => {
    const given = (req.body as { token?: unknown } | undefined)?.token;
    if (given !== undefined && typeof given !== "string") {
      logger.warn({ event: "dashboard.bad-request", ip: req.ip }, "dashboard sign-in refused with 400: the token field was sent more than once");
      res.status(400).type("html").send(loginPage("Send the token once."));
      return;
    }
    if (nulIn(req) !== null) return refuseParameter(req, res, "the token holds a NUL character (U+0000)");
    if (throttled(req, res)) return;
    if (tokenIs(req, given) !== "ok") {
      logger.warn({ event: "dashboard.unauthorized", ip: req.ip }, "dashboard sign-in refused: wrong token");
      res.status(401).type("html").send(loginPage("Wrong token."));
      return;
    }
    res
      .set("Set-Cookie", `${COOKIE}=${sessions.open()}; Path=/dashboard; Max-Age=${SESSION_SECONDS}; HttpOnly; SameSite=Strict${secure}`)
      .redirect(303, "/dashboard");
  });
  router.post("/logout", (req, res) => {
    // Ends the session on the server: a copy of this cookie elsewhere stops working too.
    const cookie = cookieOf(req.get("cookie"));
    if (cookie !== null) sessions.close(cookie);
    res.set("Set-Cookie", `${COOKIE}=; Path=/dashboard; Max-Age=0; HttpOnly; SameSite=Strict${secure}`).redirect(303, "/dashboard");
  });
  router.use((req, res, next) => {
    const cookie = cookieOf(req.get("cookie"));
    if (cookie !== null && sessions.valid(cookie)) return next();
    const bearer = bearerToken(req.get("authorization"));
    if (bearer) {
      if (throttled(req, res)) return;
      if (tokenIs(req, bearer) === "ok") return next();
    }
    res
      .status(401)
      .type("html")
      .send(loginPage(bearer || cookie ? "Wrong token: sign in again." : "Sign in with the dashboard token."));
  });
  const query = (req: express.Request) => req.query as Record<string, string | undefined>;
  /** A route's id parameter, or a 400 page (undefined). */
  const id = (req: express.Request, res: express.Response): number | undefined => {
    try {
      return idParam(req.params["id"], "broadcast id");
    } catch (error) {
      if (!(error instanceof BadParameter)) throw error;
      refuseParameter(req, res, error.message);
      return undefined;
    }
  };
  router.get("/", async (_req, res) => void res.type("html").send(await overviewPage(service)));
  router.get("/users", async (req, res) => void res.type("html").send(await usersPage(service, query(req))));
  router.get("/users/:id", async (req, res) => {
    const html = await userPage(service, String(req.params.id));
    res
      .status(html ? 200 : 404)
      .type("html")
      .send(html ?? "No such user.");
  });
  router.get("/messages", async (req, res) => {
    const { status, html } = await messagesPage(service, query(req));
    res.status(status).type("html").send(html);
  });
  // Before /broadcasts/:id, which would take "new" for an id.
  router.use(broadcastFormPages(service, logger));
  router.get("/broadcasts", async (_req, res) => void res.type("html").send(await broadcastsPage(service)));
  router.get("/broadcasts/:id", async (req, res) => {
    const broadcast = id(req, res);
    if (broadcast === undefined) return;
    const html = await broadcastPage(service, broadcast);
    res
      .status(html ? 200 : 404)
      .type("html")
      .send(html ?? "No such broadcast.");
  });
  router.use(chartRoutes(service, logger, id));
  if (versions) router.use(versionsPages(versions, logger));
  if (insights) router.use(insightsPages(insights, { now }));
  if (handoff) router.use(inboxPages(handoff, logger, { now }));
  outer.use("/dashboard", router);
  return outer;
}
