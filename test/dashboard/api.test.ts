/** @module The HTTP API through a real runtime server, on SQLite and on PostgreSQL: token checks, dry run, create (the worker delivers it through the server's dispatcher), status, cancel, logs and users; JSON errors. */
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { startBroadcastServer, STORE_KINDS, TOKEN } from "./server.ts";
import type { BroadcastServer } from "./server.ts";
import { waitFor } from "../broadcast/helpers.ts";

let h: BroadcastServer | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const auth = { Authorization: `Bearer ${TOKEN}` };
const BODY = "Hi <get name>! Reply STOP to opt out";

describe.each(STORE_KINDS)("on %s", (store) => {
  describe("API access", () => {
    it("is off without a token: 404 with the reason, no data", async () => {
      h = await startBroadcastServer({ users: 3, optedOut: 0, token: null, store });
      const res = await request(h.server.app).get("/api/users").set(auth);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: expect.stringMatching(/disabled: set BOT_DASHBOARD_TOKEN/) });
      const page = await request(h.server.app).get("/dashboard/users");
      expect(page.status).toBe(404);
      expect(page.text).toMatch(/dashboard is disabled/);
    });

    it("answers 401 to a missing or wrong token, with no data, on the API and the dashboard", async () => {
      h = await startBroadcastServer({ users: 3, optedOut: 0, token: TOKEN, store });
      const missing = await request(h.server.app).get("/api/users");
      expect(missing.status).toBe(401);
      expect(missing.body).toEqual({ error: "missing token: send Authorization: Bearer <token>" });
      const wrong = await request(h.server.app).post("/api/broadcasts").set({ Authorization: "Bearer nope" }).send({ body: BODY });
      expect(wrong.status).toBe(401);
      expect(wrong.body).toEqual({ error: "wrong token" });
      const page = await request(h.server.app).get("/dashboard/users").set({ Authorization: "Bearer nope" });
      expect(page.status).toBe(401);
      expect(page.text).not.toContain(h.ids[0]);
      const cookie = await request(h.server.app).get("/dashboard/users").set({ Cookie: "bot_dashboard=forged" });
      expect(cookie.status).toBe(401);
      expect((await h.broadcasting.service!.broadcasts.list()).length).toBe(0);
    });
  });

  describe("API broadcasts", () => {
    it("dry-runs, creates, delivers through the server's dispatcher, and reports", async () => {
      h = await startBroadcastServer({ users: 12, optedOut: 2, token: TOKEN, store });
      const app = h.server.app;
      const dry = await request(app)
        .post("/api/broadcasts/dry-run")
        .set(auth)
        .send({ body: BODY, where: ["_fromCountry = US"] });
      expect(dry.status).toBe(200);
      expect(dry.body.report).toMatchObject({ matched: 6, optedOut: 1, recipients: 5, verdict: { ok: true }, sender: { type: "short-code" } });

      const created = await request(app).post("/api/broadcasts").set(auth).send({ body: BODY });
      expect(created.status).toBe(201);
      expect(created.body.broadcast).toMatchObject({ id: 1, recipients: 10, origin: "api" });
      const again = await request(app).post("/api/broadcasts").set(auth).send({ body: BODY });
      expect(again.status).toBe(409);
      expect(again.body.error).toMatch(/broadcast 1 with this body and audience is still running/);

      await waitFor(() => h!.emulator.messages().filter((m) => m.direction === "outbound-api").length === 10, 20_000, "10 messages");
      let status: request.Response;
      do {
        status = await request(app).get("/api/broadcasts/1").set(auth);
      } while (status.body.broadcast.state !== "done" && (await new Promise((r) => setTimeout(r, 50)), true));
      expect(status.body.progress).toMatchObject({ recipients: 10, accepted: 10, failed: 0, optedOut: 2 });

      const logs = await request(app).get("/api/logs").query({ type: "broadcast", q: "User5" }).set(auth);
      expect(logs.status).toBe(200);
      expect(logs.body.messages).toHaveLength(1);
      expect(logs.body.messages[0]).toMatchObject({ type: "broadcast", body: "Hi User5! Reply STOP to opt out", broadcastId: 1, error: null });
      const users = await request(app).get("/api/users").query({ search: "User11" }).set(auth);
      expect(users.body).toMatchObject({ total: 1, users: [{ vars: { name: "User11" }, optedOut: false, topic: "default" }] });
      const cancel = await request(app).post("/api/broadcasts/1/cancel").set(auth);
      expect(cancel.status).toBe(409);
    }, 30_000);

    it("answers bad requests with JSON errors and changes nothing", async () => {
      h = await startBroadcastServer({ users: 3, optedOut: 0, token: TOKEN, store });
      const app = h.server.app;
      const cases: [object | string, number, RegExp][] = [
        [{}, 400, /body: required/],
        [{ body: BODY, where: ["nosuchvar = 1"] }, 400, /"nosuchvar" is not set for any user/],
        [{ body: BODY, at: "2024-13-01" }, 400, /at "2024-13-01" is not a time/],
        [{ body: "Hi<delay seconds=2>there" }, 422, /does not compile/],
        [{ body: BODY, rate: -1 }, 400, /rate: a number/],
        ["{not json", 400, /request body/],
      ];
      for (const [body, code, message] of cases) {
        const res = await request(app).post("/api/broadcasts").set(auth).set("Content-Type", "application/json").send(body);
        expect(res.status, JSON.stringify(body)).toBe(code);
        expect(res.body.error).toMatch(message);
      }
      expect((await request(app).get("/api/logs").query({ since: "soon" }).set(auth)).status).toBe(400);
      expect((await request(app).get("/api/broadcasts/abc").set(auth)).status).toBe(400);
      expect((await request(app).get("/api/broadcasts/9").set(auth)).status).toBe(404);
      expect((await request(app).get("/api/nothing").set(auth)).body).toEqual({ error: "no such API route: GET /api/nothing" });
      expect((await h.broadcasting.service!.broadcasts.list()).length).toBe(0);
    });
  });
});
