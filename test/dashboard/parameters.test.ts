/**
 * @module Any text, any number: every API and dashboard parameter out of range or holding U+0000 is answered
 * 400 (JSON on the API, HTML on the dashboard), never 500, on SQLite and on PostgreSQL, where a number past
 * bigint or a NUL in text fails the query itself.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroadcastServer, STORE_KINDS, TOKEN } from "./server.ts";
import type { BroadcastServer } from "./server.ts";

const auth = { Authorization: `Bearer ${TOKEN}` };
const BIG = "99999999999999999999";
const NUL = "%00";

/** [method, path, body?]: each parameter of each route, out of range or with a NUL. */
const API: [string, string, unknown?][] = [
  ["get", `/api/logs?since=${BIG}`],
  ["get", `/api/logs?until=${BIG}`],
  ["get", "/api/logs?since=-99999999999999999h"],
  ["get", "/api/logs?until=%2B1e300d"],
  ["get", `/api/logs?user=a${NUL}b`],
  ["get", `/api/logs?status=sent${NUL}`],
  ["get", `/api/logs?q=x${NUL}y`],
  ["get", `/api/logs?type=inbound${NUL}`],
  ["get", `/api/logs?limit=1${NUL}`],
  ["get", `/api/users?search=a${NUL}`],
  ["get", `/api/users?offset=${BIG}`],
  ["get", `/api/users?limit=${BIG}`],
  ["get", `/api/broadcasts/${BIG}`],
  ["get", "/api/broadcasts/1e21"],
  ["get", `/api/broadcasts/1${NUL}`],
  ["post", `/api/broadcasts/${BIG}/cancel`],
  ["post", "/api/broadcasts/1e21/cancel"],
  ["post", "/api/broadcasts", { body: "hi\u0000there" }],
  ["post", "/api/broadcasts", { body: "hi", where: ["_fromCountry = U\u0000S"] }],
  ["post", "/api/broadcasts", { body: "hi", at: BIG }],
  ["post", "/api/broadcasts", { body: "hi", at: 1e300 }],
  ["post", "/api/broadcasts/dry-run", { body: "hi\u0000" }],
  ["post", "/api/broadcasts/dry-run", { body: "hi", at: "+1e300d" }],
  ["post", "/api/broadcasts/dry-run", { body: "hi", ["k\u0000"]: 1 }],
];

const DASHBOARD: [string, string, string?][] = [
  ["get", `/dashboard/broadcasts/${BIG}`],
  ["get", "/dashboard/broadcasts/1e21"],
  ["get", `/dashboard/broadcasts/${BIG}/chart`],
  ["get", "/dashboard/broadcasts/1e21/chart"],
  ["get", `/dashboard/messages?since=${BIG}`],
  ["get", `/dashboard/messages?until=${BIG}`],
  ["get", `/dashboard/messages?q=a${NUL}`],
  ["get", `/dashboard/messages?user=a${NUL}`],
  ["get", `/dashboard/messages?status=a${NUL}`],
  ["get", `/dashboard/users?search=a${NUL}`],
  ["get", `/dashboard/users/%2B1555${NUL}`],
  ["get", `/dashboard/users/%2B1555${NUL}/conversation`],
  ["post", "/dashboard/loop-guard/clear", `user=%2B1555${NUL}`],
  ["post", "/dashboard/login", `token=${NUL}`],
];

describe.each(STORE_KINDS)("parameters out of range or with NUL, on %s", (store) => {
  let h: BroadcastServer;
  beforeAll(async () => {
    h = await startBroadcastServer({ users: 2, optedOut: 0, token: TOKEN, store });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it.each(API)("API %s %s answers 400 JSON", async (method, path, body) => {
    const call =
      method === "post"
        ? request(h.server.app)
            .post(path)
            .set(auth)
            .send(body as object)
        : request(h.server.app).get(path).set(auth);
    const res = await call;
    expect(res.status, res.text).toBe(400);
    expect(res.type).toBe("application/json");
    expect(typeof res.body.error).toBe("string");
  });

  it.each(DASHBOARD)("dashboard %s %s answers 400 HTML", async (method, path, body) => {
    const res =
      method === "post"
        ? await request(h.server.app)
            .post(path)
            .set(auth)
            .type("form")
            .send(body ?? "")
        : await request(h.server.app).get(path).set(auth);
    expect(res.status, res.text).toBe(400);
    expect(res.type).toBe("text/html");
  });

  it("still serves the same routes with good parameters", async () => {
    for (const path of ["/api/logs?since=-2h&q=hi", "/api/users?search=User", "/dashboard/messages?since=-2h", "/dashboard/users?search=User"])
      expect((await request(h.server.app).get(path).set(auth)).status, path).toBe(200);
    expect((await request(h.server.app).get("/api/broadcasts/999999999999999").set(auth)).status).toBe(404);
    expect((await request(h.server.app).get("/dashboard/broadcasts/999999999999999").set(auth)).status).toBe(404);
  });
});
