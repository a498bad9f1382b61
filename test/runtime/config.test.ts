/** @module Configuration from env and flags: sandbox by default, every problem reported at once with the variable to fix. */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../runtime/config.ts";

const SID = "AC" + "1".repeat(32);

describe("loadConfig", () => {
  it("defaults to sandbox mode with the database under the bot folder", () => {
    const result = loadConfig({}, {}, "/bots/faq");
    expect(result).toMatchObject({
      ok: true,
      config: {
        mode: "sandbox",
        twilio: null,
        port: 3000,
        ordering: "strict",
        help: "twilio",
        dbPath: path.resolve("/bots/faq/.bot/bot.db"),
        host: "127.0.0.1",
      },
    });
  });

  it("uses Twilio with full credentials, a sender and a public URL; flags win over env", () => {
    const env = {
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: "tok",
      TWILIO_MESSAGING_SERVICE_SID: "MG" + "2".repeat(32),
      BOT_PUBLIC_URL: "https://env.example.com/",
      BOT_ORDERING: "relaxed",
      PORT: "8080",
    };
    const result = loadConfig(env, { publicUrl: "https://flag.example.com/bot/", port: "9000" }, "/b");
    expect(result).toMatchObject({
      ok: true,
      config: {
        mode: "twilio",
        publicUrl: "https://flag.example.com/bot",
        port: 9000,
        ordering: "relaxed",
        host: "0.0.0.0",
        twilio: { accountSid: SID, messagingServiceSid: "MG" + "2".repeat(32), from: null, baseUrl: null },
      },
    });
  });

  it("reports every problem at once", () => {
    const result = loadConfig({ TWILIO_ACCOUNT_SID: SID, BOT_LOG_LEVEL: "loud" }, { port: "70000", publicUrl: "ftp://x" }, "/b");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.join("\n")).toMatch(/TWILIO_AUTH_TOKEN is missing/);
    expect(result.errors.join("\n")).toMatch(/No sender/);
    expect(result.errors.join("\n")).toMatch(/"ftp:\/\/x" is not an http\(s\) URL/);
    expect(result.errors.join("\n")).toMatch(/--port\/PORT must be a whole number from 0 to 65535, got "70000"/);
    expect(result.errors.join("\n")).toMatch(/--log-level\/BOT_LOG_LEVEL must be one of/);
  });

  it("requires the public URL in Twilio mode, since signatures are checked against it", () => {
    const result = loadConfig({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: "t", TWILIO_FROM: "+15550001111" }, {}, "/b");
    expect(result).toMatchObject({ ok: false, errors: [expect.stringMatching(/BOT_PUBLIC_URL \(or --public-url\) is required/)] });
  });

  it("keeps :memory: as is", () => {
    expect(loadConfig({}, { db: ":memory:" }, "/b")).toMatchObject({ ok: true, config: { dbPath: ":memory:" } });
  });
});
