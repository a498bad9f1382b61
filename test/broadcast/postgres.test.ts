/** @module With DATABASE_URL set, `bot broadcast`, `bot logs`, /api and /dashboard never fall back to the SQLite file: they refuse, clearly, and create no file. */
import fs from "node:fs";
import path from "node:path";
import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { attachBroadcasting } from "../../runtime/broadcast/attach.ts";
import { defaultConfig } from "../../runtime/config.ts";
import { createMemoryLogger } from "../../runtime/logger.ts";
import { createSqliteStore } from "../../runtime/store/index.ts";
import { botFolder, runCli } from "./helpers.ts";

const PG = "postgres://bot:hunter2@127.0.0.1:1/bot";

function env(): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TWILIO_") && !k.startsWith("BOT_")));
  return { ...clean, DATABASE_URL: PG };
}

describe("DATABASE_URL set: no silent SQLite", () => {
  it("bot broadcast refuses (exit 1), sends nothing and creates no SQLite file", async () => {
    const { root, db } = botFolder("");
    const result = await runCli(["broadcast", root, "--body", "Hello all", "--yes"], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /DATABASE_URL is set, and broadcasts, the HTTP API and the dashboard .* not available with DATABASE_URL \(PostgreSQL\) yet: nothing was read or sent, and no SQLite file was created/,
    );
    expect(result.stderr).not.toMatch(/hunter2/);
    expect(result.stdout).not.toMatch(/user\(s\) match/);
    expect(fs.existsSync(db)).toBe(false);
    expect(fs.existsSync(path.join(root, ".bot"))).toBe(false);
  }, 60_000);

  it("bot logs refuses (exit 1) and creates no SQLite file", async () => {
    const { root, db } = botFolder("");
    const result = await runCli(["logs", root], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bot logs: DATABASE_URL is set/);
    expect(fs.existsSync(db)).toBe(false);
  }, 60_000);

  it("/api and /dashboard answer 501 saying why, not Express's HTML 404", async () => {
    const { root } = botFolder("");
    const store = createSqliteStore(":memory:");
    const { logger } = createMemoryLogger();
    const attached = attachBroadcasting({
      ir: { topics: {} } as never,
      root,
      config: defaultConfig({ databaseUrl: PG }),
      store,
      logger,
      token: "t".repeat(32),
    });
    const app = express();
    for (const router of attached.routers) app.use(router);
    const api = await request(app).get("/api/broadcasts");
    expect(api.status).toBe(501);
    expect(api.body).toMatchObject({ error: "not_available_on_postgres" });
    const page = await request(app).get("/dashboard");
    expect(page.status).toBe(501);
    expect(page.text).toMatch(/not available with DATABASE_URL \(PostgreSQL\) yet/);
    await attached.close();
    await store.close();
  });
});
