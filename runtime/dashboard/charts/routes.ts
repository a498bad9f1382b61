/** @module The chart pages' routes, mounted inside the dashboard's signed-in router: /charts, /broadcasts/:id/chart, /users/:id/conversation, and clearing a loop-guard hold. */
import express from "express";
import type { Logger } from "pino";
import type { BroadcastService } from "../../broadcast/service.ts";
import { page } from "../html.ts";
import { broadcastChartPage, chartsPage, conversationPage } from "./pages.ts";

/** `id` reads a route's broadcast id, answering 400 itself (undefined) when it is not one. */
export function chartRoutes(
  service: BroadcastService,
  logger: Logger,
  id: (req: express.Request, res: express.Response) => number | undefined,
): express.Router {
  const router = express.Router();
  router.get("/charts", async (_req, res) => void res.type("html").send(await chartsPage(service)));
  router.get("/broadcasts/:id/chart", async (req, res) => {
    const broadcast = id(req, res);
    if (broadcast === undefined) return;
    const html = await broadcastChartPage(service, broadcast);
    res
      .status(html ? 200 : 404)
      .type("html")
      .send(html ?? "No such broadcast.");
  });
  router.get("/users/:id/conversation", async (req, res) => {
    const html = await conversationPage(service, String(req.params.id));
    res
      .status(html ? 200 : 404)
      .type("html")
      .send(html ?? "No such user.");
  });
  router.post("/loop-guard/clear", express.urlencoded({ extended: false, limit: "4kb" }), async (req, res) => {
    const user = (req.body as { user?: unknown } | undefined)?.user;
    if (typeof user !== "string" || user === "" || user.includes("\0") || !service.store.loopGuard) {
      logger.warn(
        { event: "request.rejected", status: 400, path: req.path, ip: req.ip },
        "dashboard loop-guard clear answered 400 (parameter rule): no usable user",
      );
      res.status(400).type("html").send(page("Bad request", '<p class="err">Give the user whose loop-guard hold to clear (text without NUL).</p>'));
      return;
    }
    const cleared = await service.store.loopGuard.clear(user, service.clock.now());
    if (cleared)
      logger.info(
        { event: "loop-guard.cleared", code: "RUN017", to: user, by: "dashboard" },
        `RUN017 ${user}: the loop guard's hold was cleared on the dashboard; sending resumes`,
      );
    res.redirect(303, `/dashboard/users/${encodeURIComponent(user)}/conversation`);
  });
  return router;
}
