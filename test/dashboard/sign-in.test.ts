/**
 * @module Sign-in hardening through real HTTP: online guessing of the token is throttled per client on the
 * dashboard's sign-in and the API's Bearer check (429, Retry-After, a growing delay on the injected clock),
 * sign-out ends that session everywhere (a copy of the cookie taken before no longer opens the dashboard),
 * a state-changing POST from another origin is refused, and a short or low-entropy token is refused.
 */
import express from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiRouter, tokenProblem } from "../../runtime/api/index.ts";
import { createDashboardRouter } from "../../runtime/dashboard/index.ts";
import { createThrottle } from "../../runtime/http/throttle.ts";
import { createMemoryLogger } from "../../runtime/log/logger.ts";
import { startBroadcastServer, TOKEN } from "./server.ts";
import type { BroadcastServer } from "./server.ts";

let h: BroadcastServer;
beforeAll(async () => {
  h = await startBroadcastServer({ users: 2, optedOut: 0, token: TOKEN });
});
afterAll(async () => {
  await h?.close();
});

function console(now: () => number) {
  const { logger, lines } = createMemoryLogger("info");
  const app = express();
  app.set("trust proxy", "loopback");
  // One throttle for both, as the server's composition wires them: a guess is a guess on either.
  const throttle = createThrottle({ now });
  app.use(createDashboardRouter({ service: h.broadcasting.service!, token: TOKEN, logger, now, throttle }));
  app.use(createApiRouter({ service: h.broadcasting.service!, token: TOKEN, logger, throttle }));
  return { app, lines };
}

const wrong = (app: express.Application, i: number) =>
  request(app)
    .post("/dashboard/login")
    .type("form")
    .send(`token=guess-${String(i).padStart(4, "0")}`);

describe("guessing the token", () => {
  it("answers 429 with Retry-After after a few wrong sign-ins, with a delay that grows, and logs it", async () => {
    let now = 1_700_000_000_000;
    const { app, lines } = console(() => now);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await wrong(app, i)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const sixth = await wrong(app, 5);
    expect(sixth.status).toBe(401);
    const blocked = await wrong(app, 6);
    expect(blocked.status).toBe(429);
    const first = Number(blocked.headers["retry-after"]);
    expect(first).toBeGreaterThanOrEqual(1);
    expect(blocked.text).toMatch(/Too many wrong tokens/);
    // Even the right token waits: otherwise the guesser still learns which guess was right.
    expect((await request(app).post("/dashboard/login").type("form").send(`token=${TOKEN}`)).status).toBe(429);
    expect(
      (
        await request(app)
          .get("/api/users")
          .set({ Authorization: `Bearer ${TOKEN}` })
      ).status,
    ).toBe(429);
    now += first * 1000;
    expect((await wrong(app, 7)).status).toBe(401);
    const again = await wrong(app, 8);
    expect(again.status).toBe(429);
    expect(Number(again.headers["retry-after"])).toBeGreaterThan(first);
    expect(lines().some((l) => l["event"] === "auth.throttled" && /throttle rule/.test(String(l["msg"])))).toBe(true);
  });

  it("makes walking 10,000 four-digit tokens take days, not seconds", async () => {
    let now = 1_700_000_000_000;
    const start = now;
    const { app } = console(() => now);
    let tried = 0;
    for (let i = 0; i < 40; i++) {
      const res = await wrong(app, i);
      if (res.status === 429) now += Number(res.headers["retry-after"]) * 1000;
      else tried++;
    }
    // 40 requests got at most ~20 guesses in, and the clock had to move hours for them.
    expect(tried).toBeLessThan(25);
    expect(now - start).toBeGreaterThan(60 * 60 * 1000);
  });

  it("throttles the API's Bearer check per client, JSON with Retry-After", async () => {
    let now = 1_700_000_000_000;
    const { app } = console(() => now);
    for (let i = 0; i < 6; i++)
      expect(
        (
          await request(app)
            .get("/api/users")
            .set({ Authorization: `Bearer nope${i}` })
        ).status,
      ).toBe(401);
    const res = await request(app).get("/api/users").set({ Authorization: "Bearer nope" });
    expect(res.status).toBe(429);
    expect(res.headers["retry-after"]).toMatch(/^\d+$/);
    expect(res.body.error).toMatch(/too many wrong tokens/i);
    // Another client is not held back by this one's failures.
    const other = await request(app)
      .get("/api/users")
      .set({ Authorization: `Bearer ${TOKEN}`, "X-Forwarded-For": "203.0.113.9" });
    expect(other.status).toBe(200);
    now += 3_600_000;
    expect(
      (
        await request(app)
          .get("/api/users")
          .set({ Authorization: `Bearer ${TOKEN}` })
      ).status,
    ).toBe(200);
  });
});

describe("sessions", () => {
  it("sign-out ends the session: a copy of the cookie taken before no longer opens the dashboard", async () => {
    const { app } = console(() => 1_700_000_000_000);
    const login = await request(app).post("/dashboard/login").type("form").send(`token=${TOKEN}`);
    const cookie = String(login.headers["set-cookie"]).split(";")[0]!;
    const other = String((await request(app).post("/dashboard/login").type("form").send(`token=${TOKEN}`)).headers["set-cookie"]).split(";")[0]!;
    expect((await request(app).get("/dashboard/users").set({ Cookie: cookie })).status).toBe(200);
    expect((await request(app).post("/dashboard/logout").set({ Cookie: cookie })).status).toBe(303);
    const copy = await request(app).get("/dashboard/users").set({ Cookie: cookie });
    expect(copy.status).toBe(401);
    // Another sign-in (another browser) is its own session and stays.
    expect((await request(app).get("/dashboard/users").set({ Cookie: other })).status).toBe(200);
  });
});

describe("cross-origin POSTs", () => {
  it("refuses a loop-guard clear, sign-out or sign-in sent by a page on another origin or site", async () => {
    const { app, lines } = console(() => 1_700_000_000_000);
    const cookie = String((await request(app).post("/dashboard/login").type("form").send(`token=${TOKEN}`)).headers["set-cookie"]).split(";")[0]!;
    for (const headers of [{ Origin: "http://127.0.0.1:1" }, { "Sec-Fetch-Site": "same-site" }, { "Sec-Fetch-Site": "cross-site" }, { Origin: "null" }]) {
      for (const [path, body] of [
        ["/dashboard/loop-guard/clear", "user=%2B15550001111"],
        ["/dashboard/logout", ""],
        ["/dashboard/login", `token=${TOKEN}`],
      ] as const) {
        const res = await request(app)
          .post(path)
          .type("form")
          .set({ Cookie: cookie, ...headers })
          .send(body);
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
        expect(res.type).toBe("text/html");
      }
    }
    expect(lines().some((l) => l["event"] === "dashboard.cross-origin" && /same-origin rule/.test(String(l["msg"])))).toBe(true);
    // The session survived the forged sign-out, and the page's own same-origin POST works.
    expect((await request(app).get("/dashboard/users").set({ Cookie: cookie })).status).toBe(200);
    const own = await request(app).post("/dashboard/logout").set({ Cookie: cookie, "Sec-Fetch-Site": "same-origin" });
    expect(own.status).toBe(303);
  });
});

describe("token strength", () => {
  it.each([
    ["7391", /at least 32 characters/],
    ["x".repeat(40), /low entropy/],
    ["1".repeat(20) + "23456789012345", /low entropy/],
    ["abababababababababababababababababab", /low entropy/],
  ])("refuses %s, saying how to make one", (token, why) => {
    const problem = tokenProblem(token);
    expect(problem).toMatch(why);
    expect(problem).toMatch(/openssl rand -hex 32/);
  });

  it("accepts a random hex token and the tests' token", () => {
    expect(tokenProblem("3f9a1c0b7d2e4f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a")).toBeNull();
    expect(tokenProblem(TOKEN)).toBeNull();
  });
});
