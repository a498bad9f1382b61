/** @module createApp in-process (supertest): a database that turns read-only under a running server answers 500 with a log line, and never crashes. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import request from "supertest";
import twilio from "twilio";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../../runtime/server/index.ts";
import { createSqliteStore, storeOn } from "../../runtime/store/index.ts";
import { defaultConfig } from "../../runtime/config.ts";
import { createMemoryLogger } from "../../runtime/log/logger.ts";
import { ALICE, BOT_NUMBER, manualClock, testBot } from "./harness.ts";
import { twilioInbound, twilioStatus } from "../support/twilio-webhooks.ts";

const TOKEN = "f".repeat(32);
const PUBLIC = "https://bot.example.test";
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function signed(params: Record<string, string>, url = `${PUBLIC}/sms`) {
  return { body: new URLSearchParams(params).toString(), signature: twilio.getExpectedTwilioSignature(TOKEN, url, params) };
}

const ACCOUNT = "AC" + "0".repeat(32);
const config = defaultConfig({
  publicUrl: PUBLIC,
  twilio: { accountSid: ACCOUNT, authToken: TOKEN, from: BOT_NUMBER, messagingServiceSid: null, baseUrl: null },
});

describe("createApp", () => {
  it("answers 500 and logs what to do when the database cannot be written, then keeps serving", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-app-"));
    dirs.push(dir);
    const file = path.join(dir, "bot.db");
    await createSqliteStore(file).close();
    // The file is fine, but this connection may only read: every write fails as on a read-only file.
    const store = storeOn(new Database(file, { readonly: true }));
    const { logger, lines } = createMemoryLogger();
    const app = createApp({ ir: testBot(), root: dir, store, clock: manualClock(), config, logger });
    const { body, signature } = signed(twilioInbound({ sid: "SM" + "a".repeat(32), accountSid: ACCOUNT, from: ALICE, to: BOT_NUMBER, body: "hello" }));
    const response = await request(app).post("/sms").type("form").set("X-Twilio-Signature", signature).send(body);
    expect(response.status).toBe(500);
    const [line] = lines().filter((l) => l["event"] === "inbound.error");
    expect(String(line!["msg"])).toMatch(/readonly database.*answered 500, so a retry by Twilio runs it again.*Check the database file/);
    expect((await request(app).get("/healthz")).status).toBe(200);
    await store.close();
  });

  it("answers a signed status callback for a sid it never sent with 200, and rejects one without a status", async () => {
    const store = createSqliteStore(":memory:");
    const { logger, lines } = createMemoryLogger();
    const app = createApp({ ir: testBot(), root: os.tmpdir(), store, clock: manualClock(), config, logger });
    const callback = twilioStatus({ sid: "SM" + "b".repeat(32), accountSid: ACCOUNT, from: BOT_NUMBER, to: ALICE, status: "delivered" });
    const ok = signed(callback, `${PUBLIC}/sms/status`);
    expect((await request(app).post("/sms/status").type("form").set("X-Twilio-Signature", ok.signature).send(ok.body)).status).toBe(200);
    expect(lines().some((l) => l["event"] === "status.unknown-sid")).toBe(true);
    const { MessageStatus: _s, ...noStatus } = callback;
    const bad = signed(noStatus, `${PUBLIC}/sms/status`);
    expect((await request(app).post("/sms/status").type("form").set("X-Twilio-Signature", bad.signature).send(bad.body)).status).toBe(400);
    await store.close();
  });

  it("needs the auth token to check signatures", () => {
    expect(() =>
      createApp({
        ir: testBot(),
        root: os.tmpdir(),
        store: createSqliteStore(":memory:"),
        clock: manualClock(),
        config: { ...config, twilio: null },
        logger: createMemoryLogger().logger,
      }),
    ).toThrow(/config.twilio/);
  });
});
