/** @module The dashboard at `/dashboard`: server-rendered pages behind the API token (sign-in form sets a cookie; Bearer works too). Off without a token. */
import express from "express";
import type { Logger } from "pino";
import { checkToken, bearerToken, TOKEN_ENV } from "../api/index.ts";
import type { BroadcastService } from "../broadcast/service.ts";
import { createHash } from "node:crypto";
import { loginPage } from "./html.ts";
import { broadcastPage, broadcastsPage, messagesPage, overviewPage, userPage, usersPage } from "./pages.ts";

const COOKIE = "bot_dashboard";

export interface DashboardOptions {
  service: BroadcastService;
  token: string | null;
  logger: Logger;
}

/** The cookie holds a hash of the token, never the token itself. */
const cookieValue = (token: string) => createHash("sha256").update(`dashboard:${token}`).digest("hex");

function cookieOf(header: string | undefined): string | null {
  for (const part of (header ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === COOKIE) return decodeURIComponent(rest.join("="));
  }
  return null;
}

/** Mount at the app root: the router answers under `/dashboard`. */
export function createDashboardRouter({ service, token, logger }: DashboardOptions): express.Router {
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
    const given = (req.body as { token?: string } | undefined)?.token;
    if (checkToken(token, given) !== "ok") {
      logger.warn({ event: "dashboard.unauthorized", ip: req.ip }, "dashboard sign-in refused: wrong token");
      res.status(401).type("html").send(loginPage("Wrong token."));
      return;
    }
    res.set("Set-Cookie", `${COOKIE}=${cookieValue(token!)}; Path=/dashboard; HttpOnly; SameSite=Strict`).redirect(303, "/dashboard");
  });
  router.use((req, res, next) => {
    const bearer = bearerToken(req.get("authorization"));
    const cookie = cookieOf(req.get("cookie"));
    if (checkToken(token, bearer) === "ok" || (cookie !== null && checkToken(cookieValue(token!), cookie) === "ok")) return next();
    res.status(401).type("html").send(loginPage(bearer || cookie ? "Wrong token: sign in again." : "Sign in with the dashboard token."));
  });
  const query = (req: express.Request) => req.query as Record<string, string | undefined>;
  router.get("/", async (_req, res) => void res.type("html").send(await overviewPage(service)));
  router.get("/users", async (req, res) => void res.type("html").send(await usersPage(service, query(req))));
  router.get("/users/:id", async (req, res) => {
    const html = await userPage(service, String(req.params.id));
    res.status(html ? 200 : 404).type("html").send(html ?? "No such user.");
  });
  router.get("/messages", async (req, res) => {
    const { status, html } = await messagesPage(service, query(req));
    res.status(status).type("html").send(html);
  });
  router.get("/broadcasts", async (_req, res) => void res.type("html").send(await broadcastsPage(service)));
  router.get("/broadcasts/:id", async (req, res) => {
    const html = Number.isInteger(Number(req.params.id)) ? await broadcastPage(service, Number(req.params.id)) : null;
    res.status(html ? 200 : 404).type("html").send(html ?? "No such broadcast.");
  });
  outer.use("/dashboard", router);
  return outer;
}
