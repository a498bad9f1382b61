/** @module Contract: the emulator's JSON matches Twilio's OpenAPI description and the error shape twilio-node reads. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExamples, errorsOf, validateErrorBody, validateMessage, validateMessageList } from "./openapi.ts";
import { FROM, TO, startPair, type Pair } from "./helpers.ts";

const SERVICE = "MG" + "a".repeat(32);
let pair: Pair;

beforeAll(async () => {
  pair = await startPair({ messagingServices: { [SERVICE]: [FROM] } });
});
afterAll(() => pair.close());

function auth(): Record<string, string> {
  const token = Buffer.from(`${pair.emulator.accountSid}:${pair.emulator.authToken}`).toString("base64");
  return { Authorization: `Basic ${token}`, "Content-Type": "application/x-www-form-urlencoded" };
}

async function createRaw(form: Record<string, string | string[]>): Promise<{ status: number; json: unknown }> {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) for (const v of [value].flat()) body.append(key, v);
  const response = await fetch(`${pair.emulator.url}/2010-04-01/Accounts/${pair.emulator.accountSid}/Messages.json`, { method: "POST", headers: auth(), body });
  return { status: response.status, json: await response.json() };
}

describe("schema sanity", () => {
  it("accepts Twilio's own create examples", () => {
    for (const [name, example] of Object.entries(createExamples())) {
      expect(validateMessage(example), `${name}: ${errorsOf(validateMessage)}`).toBe(true);
    }
  });

  it("rejects a resource with a malformed sid, status and date", () => {
    const good = createExamples()["create"] as Record<string, unknown>;
    expect(validateMessage({ ...good, sid: "XX123" })).toBe(false);
    expect(validateMessage({ ...good, status: "pending" })).toBe(false);
    expect(validateMessage({ ...good, date_created: "2023-08-24T05:01:45Z" })).toBe(false);
  });
});

describe("message resource", () => {
  const cases: [string, Record<string, string | string[]>, number, string][] = [
    ["text from a number", { To: TO, From: FROM, Body: "Hello 👍" }, 201, "queued"],
    ["media", { To: TO, From: FROM, Body: "pic", MediaUrl: ["https://example.com/a.png", "https://example.com/b.jpg"] }, 201, "queued"],
    ["media only", { To: TO, From: FROM, MediaUrl: "https://example.com/a.png" }, 201, "queued"],
    ["messaging service", { To: TO, MessagingServiceSid: SERVICE, Body: "hi" }, 201, "accepted"],
  ];
  for (const [name, form, status, initial] of cases) {
    it(`create (${name}) answers ${status} with a valid resource, status ${initial}`, async () => {
      const { status: actual, json } = await createRaw(form);
      expect(actual).toBe(status);
      expect(validateMessage(json), errorsOf(validateMessage)).toBe(true);
      expect((json as { status: string }).status).toBe(initial);
    });
  }

  it("fetch and list answer valid documents", async () => {
    const { json } = await createRaw({ To: TO, From: FROM, Body: "fetch me" });
    const sid = (json as { sid: string }).sid;
    await pair.emulator.settle();
    const headers = auth();
    const base = `${pair.emulator.url}/2010-04-01/Accounts/${pair.emulator.accountSid}`;
    const fetched = await (await fetch(`${base}/Messages/${sid}.json`, { headers })).json();
    expect(validateMessage(fetched), errorsOf(validateMessage)).toBe(true);
    expect(fetched).toMatchObject({ sid, status: "delivered", error_code: null, price: null });
    const list = (await (await fetch(`${base}/Messages.json?To=${encodeURIComponent(TO)}&PageSize=2`, { headers })).json()) as { next_page_uri: string };
    expect(validateMessageList(list), errorsOf(validateMessageList)).toBe(true);
    expect(list).toMatchObject({ page: 0, page_size: 2, start: 0, end: 1, previous_page_uri: null });
    expect(list.next_page_uri).toMatch(/Page=1/);
  });
});

describe("list through the twilio client", () => {
  it("follows next_page_uri across pages and applies To / DateSent filters", async () => {
    const to = "+14155550177";
    for (let i = 0; i < 5; i++) await pair.client.messages.create({ to, from: FROM, body: `page ${i}` });
    await pair.emulator.settle();
    const all = await pair.client.messages.list({ to, pageSize: 2 });
    expect(all.map((m) => m.body)).toEqual(["page 4", "page 3", "page 2", "page 1", "page 0"]);
    const sentOn = all[4]!.dateSent;
    expect(await pair.client.messages.list({ to, dateSent: sentOn, pageSize: 50 })).toHaveLength(
      all.filter((m) => m.dateSent.toISOString().slice(0, 10) === sentOn.toISOString().slice(0, 10)).length,
    );
    expect(await pair.client.messages.list({ to, dateSentBefore: new Date(Date.UTC(2000, 0, 1)) })).toHaveLength(0);
    expect(await pair.client.messages.list({ to: "+14155550178" })).toHaveLength(0);
  });
});

describe("error bodies", () => {
  const cases: [string, Record<string, string | string[]>, number, number][] = [
    ["invalid To", { To: "12", From: FROM, Body: "x" }, 400, 21211],
    ["no body", { To: TO, From: FROM }, 400, 21602],
    ["body too long", { To: TO, From: FROM, Body: "a".repeat(1601) }, 400, 21617],
    ["too many media", { To: TO, From: FROM, MediaUrl: Array.from({ length: 11 }, (_, i) => `https://example.com/${i}.png`) }, 400, 21623],
  ];
  for (const [name, form, status, code] of cases) {
    it(`${name} → HTTP ${status}, code ${code}, Twilio-shaped body`, async () => {
      const { status: actual, json } = await createRaw(form);
      expect(actual).toBe(status);
      expect(validateErrorBody(json), errorsOf(validateErrorBody)).toBe(true);
      expect(json).toMatchObject({ code, status, more_info: `https://www.twilio.com/docs/errors/${code}` });
    });
  }

  it("bad credentials → 401 with code 20003", async () => {
    const response = await fetch(`${pair.emulator.url}/2010-04-01/Accounts/${pair.emulator.accountSid}/Messages.json`, {
      method: "POST",
      headers: { Authorization: `Basic ${Buffer.from(`${pair.emulator.accountSid}:wrong`).toString("base64")}` },
    });
    expect(response.status).toBe(401);
    const json = await response.json();
    expect(validateErrorBody(json), errorsOf(validateErrorBody)).toBe(true);
    expect(json).toMatchObject({ code: 20003, status: 401 });
  });

  it("unknown message → 404 with code 20404", async () => {
    const response = await fetch(`${pair.emulator.url}/2010-04-01/Accounts/${pair.emulator.accountSid}/Messages/SM${"0".repeat(32)}.json`, { headers: auth() });
    expect(response.status).toBe(404);
    const json = await response.json();
    expect(validateErrorBody(json), errorsOf(validateErrorBody)).toBe(true);
    expect(json).toMatchObject({ code: 20404 });
  });
});
