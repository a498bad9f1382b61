/** @module createTwilioClient: the real twilio client, pointed at a local base URL when one is given. */
import http from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import twilio from "twilio";
import { BaseUrlRequestClient, createTwilioClient, rewriteTwilioUri, twilioOptionsFromEnv } from "./client.ts";

const SID = "AC" + "f".repeat(32);

describe("rewriteTwilioUri", () => {
  it.each([
    ["https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json", "http://127.0.0.1:4010/2010-04-01/Accounts/AC1/Messages.json"],
    ["https://api.sydney.au1.twilio.com/2010-04-01/x.json", "http://127.0.0.1:4010/2010-04-01/x.json"],
    ["https://messaging.twilio.com/v1/Services", "http://127.0.0.1:4010/v1/Services"],
    ["https://example.com/twilio.com/x", "https://example.com/twilio.com/x"],
    ["https://eviltwilio.com.example.net/x", "https://eviltwilio.com.example.net/x"],
  ])("%s", (uri, expected) => {
    expect(rewriteTwilioUri(uri, "http://127.0.0.1:4010")).toBe(expected);
  });
});

describe("createTwilioClient", () => {
  it("sends the official client's request to the base URL", async () => {
    const seen: { url?: string; auth?: string; body?: string } = {};
    const server = http
      .createServer((req, res) => {
        let body = "";
        req.on("data", (c) => {
          body += c;
        });
        req.on("end", () => {
          Object.assign(seen, { url: req.url, auth: req.headers.authorization, body });
          res.writeHead(400, { "Content-Type": "application/json" });
          res.end(JSON.stringify({ code: 21614, message: "not mobile", more_info: "https://www.twilio.com/docs/errors/21614", status: 400 }));
        });
      })
      .listen(0, "127.0.0.1");
    await once(server, "listening");
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const client = createTwilioClient({ accountSid: SID, authToken: "tok", baseUrl });
    const error = await client.messages
      .create({ to: "+14155550100", from: "+15005550006", body: "hi", mediaUrl: ["https://e.x/a.png", "https://e.x/b.png"] })
      .catch((e: unknown) => e);
    server.close();
    expect(error).toBeInstanceOf(twilio.RestException);
    expect((error as InstanceType<typeof twilio.RestException>).code).toBe(21614);
    expect(seen.url).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(seen.auth).toBe(`Basic ${Buffer.from(`${SID}:tok`).toString("base64")}`);
    expect(seen.body).toContain("MediaUrl=https%3A%2F%2Fe.x%2Fa.png&MediaUrl=https%3A%2F%2Fe.x%2Fb.png");
  });

  it("without a base URL uses the library's own RequestClient", () => {
    const client = createTwilioClient({ accountSid: SID, authToken: "tok" });
    expect(client.httpClient).toBeInstanceOf(twilio.RequestClient);
    expect(client.httpClient).not.toBeInstanceOf(BaseUrlRequestClient);
  });

  it("refuses bad settings with a clear message", () => {
    expect(() => createTwilioClient({ accountSid: "AC12", authToken: "t" })).toThrow(/AC followed by 32 hex digits/);
    expect(() => createTwilioClient({ accountSid: SID, authToken: "" })).toThrow(/Auth Token is empty/);
    expect(() => createTwilioClient({ accountSid: SID, authToken: "t", baseUrl: "127.0.0.1:4010" })).toThrow(/must use http or https|not a URL/);
  });

  it("reads TWILIO_* settings from an environment", () => {
    expect(twilioOptionsFromEnv({})).toBeNull();
    expect(twilioOptionsFromEnv({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: "t" })).toEqual({ accountSid: SID, authToken: "t" });
    expect(twilioOptionsFromEnv({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: "t", TWILIO_API_BASE_URL: "http://127.0.0.1:4010" })).toEqual({
      accountSid: SID,
      authToken: "t",
      baseUrl: "http://127.0.0.1:4010",
    });
  });
});

describe("signatures", () => {
  it("twilio-node reproduces Twilio's published test vector (what the emulator signs with)", () => {
    const params = { CallSid: "CA1234567890ABCDE", Caller: "+14158675309", Digits: "1234", From: "+14158675309", To: "+18005551212" };
    const url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    expect(twilio.getExpectedTwilioSignature("12345", url, params)).toBe("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
  });
});
