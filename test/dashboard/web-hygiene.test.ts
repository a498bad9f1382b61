/** @module Web hygiene through a real runtime server: security headers, repeated or bad query parameters (400 JSON, never 500), capped numbers, dashboard cookies (Secure, expiry, logout). */
import express from "express";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { createDashboardRouter, SESSION_SECONDS } from "../../runtime/dashboard/index.ts";
import { createMemoryLogger } from "../../runtime/log/logger.ts";
import { startBroadcastServer, TOKEN } from "./server.ts";
import type { BroadcastServer } from "./server.ts";

let h: BroadcastServer | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const auth = { Authorization: `Bearer ${TOKEN}` };

describe("query parameters", () => {
  it("answers 400 JSON to repeated parameters on every route, signed in or not", async () => {
    h = await startBroadcastServer({ users: 3, optedOut: 0, token: TOKEN });
    const app = h.server.app;
    for (const [method, path] of [
      ["get", "/api/users?search=a&search=b"],
      ["get", "/api/logs?user=a&user=b"],
      ["get", "/dashboard/users?search=a&search=b"],
      ["get", "/dashboard/messages?status=sent&status=failed"],
      ["post", "/dashboard/login?next=a&next=b"],
      ["get", "/healthz?x=1&x=2"],
    ] as const) {
      const res = await request(app)[method](path).set(auth);
      expect(res.status, path).toBe(400);
      expect(res.body.error, path).toMatch(/given more than once or is not plain text/);
    }
  });

  it("refuses a repeated sign-in token with 400, not a crash", async () => {
    h = await startBroadcastServer({ users: 1, optedOut: 0, token: TOKEN });
    const res = await request(h.server.app).post("/dashboard/login").type("form").send(`token=${TOKEN}&token=${TOKEN}`);
    expect(res.status).toBe(400);
    expect(res.headers["set-cookie"]).toBeUndefined();
  });

  it("validates numbers: negative or non-numeric limits are 400, large ones are capped", async () => {
    h = await startBroadcastServer({ users: 5, optedOut: 0, token: TOKEN });
    const app = h.server.app;
    for (const path of [
      "/api/users?limit=-1",
      "/api/users?limit=abc",
      "/api/users?offset=-5",
      "/api/logs?limit=0",
      "/api/logs?limit=1e3",
      "/api/users?limit=1.5",
    ]) {
      const res = await request(app).get(path).set(auth);
      expect(res.status, path).toBe(400);
      expect(res.body.error, path).toMatch(/whole number/);
    }
    const capped = await request(app).get("/api/users?limit=999999999").set(auth);
    expect(capped.status).toBe(200);
    expect(capped.body.users).toHaveLength(5);
    const limited = await request(app).get("/api/users?limit=2").set(auth);
    expect(limited.body.users).toHaveLength(2);
  });
});

describe("headers", () => {
  it("sends CSP, X-Frame-Options and nosniff on HTML and JSON routes", async () => {
    h = await startBroadcastServer({ users: 1, optedOut: 0, token: TOKEN });
    for (const path of ["/dashboard/users", "/dashboard/", "/healthz", "/api/users"]) {
      const res = await request(h.server.app)
        .get(path)
        .set(path === "/dashboard/" ? {} : auth);
      expect(res.headers["content-security-policy"], path).toMatch(/default-src 'self'/);
      expect(res.headers["content-security-policy"], path).toMatch(/script-src 'self'/);
      expect(res.headers["x-frame-options"], path).toBe("DENY");
      expect(res.headers["x-content-type-options"], path).toBe("nosniff");
    }
  });
});

describe("dashboard cookie", () => {
  async function app(publicUrl: string | null, now: () => number) {
    h = await startBroadcastServer({ users: 1, optedOut: 0, token: TOKEN });
    const { logger } = createMemoryLogger("warn");
    const server = express();
    server.use(createDashboardRouter({ service: h.broadcasting.service!, token: TOKEN, logger, publicUrl, now }));
    return server;
  }

  it("is Secure behind an https public URL, expires, and is cleared by logout", async () => {
    let now = 1_700_000_000_000;
    const server = await app("https://bot.example.test", () => now);
    const login = await request(server).post("/dashboard/login").type("form").send(`token=${TOKEN}`);
    expect(login.status).toBe(303);
    const cookie = String(login.headers["set-cookie"]);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(new RegExp(`Max-Age=${SESSION_SECONDS}`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).not.toContain(TOKEN);
    const value = cookie.split(";")[0]!;
    expect((await request(server).get("/dashboard/users").set({ Cookie: value })).status).toBe(200);
    // The server refuses an old cookie even if a browser kept it.
    now += SESSION_SECONDS * 1000 + 1;
    expect((await request(server).get("/dashboard/users").set({ Cookie: value })).status).toBe(401);
    const logout = await request(server).post("/dashboard/logout").set({ Cookie: value });
    expect(logout.status).toBe(303);
    expect(String(logout.headers["set-cookie"])).toMatch(/^bot_dashboard=; .*Max-Age=0/);
  });

  it("has no Secure flag on a plain-http sandbox, and refuses a malformed cookie with 401", async () => {
    const server = await app(null, () => 1_700_000_000_000);
    const login = await request(server).post("/dashboard/login").type("form").send(`token=${TOKEN}`);
    expect(String(login.headers["set-cookie"])).not.toMatch(/Secure/);
    expect((await request(server).get("/dashboard/users").set({ Cookie: "bot_dashboard=%E0%A4%A" })).status).toBe(401);
  });
});
