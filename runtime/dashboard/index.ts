/** @module The dashboard at `/dashboard`: server-rendered pages behind the API token (sign-in form sets a cookie; Bearer works too). Off without a token. */
import express from "express";
import type { Logger } from "pino";
import { checkToken, bearerToken, TOKEN_ENV } from "../api/index.ts";
import type { BroadcastService } from "../broadcast/service.ts";
import { createHmac, timingSafeEqual } from "node:crypto";
import { loginPage } from "./html.ts";
import { chartRoutes } from "./charts/routes.ts";
import { broadcastPage, broadcastsPage, messagesPage, overviewPage, userPage, usersPage } from "./pages.ts";

const COOKIE = "bot_dashboard";
/** A sign-in lasts this long; the browser drops the cookie then, and the server refuses an older one anyway. */
export const SESSION_SECONDS = 12 * 60 * 60;

export interface DashboardOptions {
  service: BroadcastService;
  token: string | null;
  logger: Logger;
  /** `https:` public URLs get `Secure` cookies. */
  publicUrl?: string | null;
  /** Wall clock for the sign-in expiry (tests inject one). */
  now?: () => number;
}

/** The cookie holds when it was issued and an HMAC of that under the token, never the token itself. */
const signIssued = (token: string, issuedAt: number) => createHmac("sha256", token).update(`dashboard:${issuedAt}`).digest("hex");
const cookieValue = (token: string, issuedAt: number) => `${issuedAt}.${signIssued(token, issuedAt)}`;

function validCookie(token: string, cookie: string, now: number): boolean {
  const match = /^(\d{1,15})\.([0-9a-f]{64})$/.exec(cookie);
  if (!match) return false;
  const issuedAt = Number(match[1]);
  if (issuedAt > now + 60_000 || now - issuedAt > SESSION_SECONDS * 1000) return false;
  return timingSafeEqual(Buffer.from(match[2]!, "hex"), Buffer.from(signIssued(token, issuedAt), "hex"));
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
export function createDashboardRouter({ service, token, logger, publicUrl = null, now = Date.now }: DashboardOptions): express.Router {
  const secure = publicUrl?.startsWith("https:") ? "; Secure" : "";
  const outer = express.Router();
  const router = express.Router();
  router.use((req, res, next) => {
    if (token === null) {
      res.status(404).type("text/plain").send(`The dashboard is disabled: set ${TOKEN_ENV} to a long random secret and restart bot run.`);
      return;
    }
    next();
  });
  router.post("/login", express.urlencoded({ extended: false, limit: "4kb" }), (req, res) => {
    const given = (req.body as { token?: unknown } | undefined)?.token;
    if (given !== undefined && typeof given !== "string") {
      logger.warn({ event: "dashboard.bad-request", ip: req.ip }, "dashboard sign-in refused with 400: the token field was sent more than once");
      res.status(400).type("html").send(loginPage("Send the token once."));
      return;
    }
    if (checkToken(token, given) !== "ok") {
      logger.warn({ event: "dashboard.unauthorized", ip: req.ip }, "dashboard sign-in refused: wrong token");
      res.status(401).type("html").send(loginPage("Wrong token."));
      return;
    }
    res
      .set("Set-Cookie", `${COOKIE}=${cookieValue(token!, now())}; Path=/dashboard; Max-Age=${SESSION_SECONDS}; HttpOnly; SameSite=Strict${secure}`)
      .redirect(303, "/dashboard");
  });
  router.post("/logout", (_req, res) => {
    res.set("Set-Cookie", `${COOKIE}=; Path=/dashboard; Max-Age=0; HttpOnly; SameSite=Strict${secure}`).redirect(303, "/dashboard");
  });
  router.use((req, res, next) => {
    const bearer = bearerToken(req.get("authorization"));
    const cookie = cookieOf(req.get("cookie"));
    if (checkToken(token, bearer) === "ok" || (cookie !== null && validCookie(token!, cookie, now()))) return next();
    res
      .status(401)
      .type("html")
      .send(loginPage(bearer || cookie ? "Wrong token: sign in again." : "Sign in with the dashboard token."));
  });
  const query = (req: express.Request) => req.query as Record<string, string | undefined>;
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
  router.get("/broadcasts", async (_req, res) => void res.type("html").send(await broadcastsPage(service)));
  router.get("/broadcasts/:id", async (req, res) => {
    const html = Number.isInteger(Number(req.params.id)) ? await broadcastPage(service, Number(req.params.id)) : null;
    res
      .status(html ? 200 : 404)
      .type("html")
      .send(html ?? "No such broadcast.");
  });
  router.use(chartRoutes(service, logger));
  outer.use("/dashboard", router);
  return outer;
}
