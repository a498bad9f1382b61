/** @module The Messages subset of Twilio's OpenAPI description: selection on a small description, and the committed file is self-contained. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MESSAGES_PREFIX, messagesSubset, type OpenApiDocument } from "./openapi-subset.ts";

const committed = JSON.parse(readFileSync(new URL("./twilio-openapi/messages.json", import.meta.url), "utf8")) as OpenApiDocument;

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) => (key === "$ref" && typeof inner === "string" ? [inner] : refsIn(inner)));
}

const small: OpenApiDocument = {
  openapi: "3.0.1",
  info: { title: "t", version: "1" },
  security: [{ basic: [] }],
  tags: [{ name: "Message" }, { name: "Call" }],
  paths: {
    [`${MESSAGES_PREFIX}.json`]: {
      description: "list",
      post: { tags: ["Message"], responses: { 201: { content: { "application/json": { schema: { $ref: "#/components/schemas/message" } } } } } },
    },
    [`${MESSAGES_PREFIX}/{Sid}.json`]: { get: { tags: ["Message"], responses: {} } },
    [`${MESSAGES_PREFIX}Extra.json`]: { get: { tags: ["Call"], responses: { 200: { $ref: "#/components/schemas/unused" } } } },
    "/2010-04-01/Accounts/{AccountSid}/Calls.json": { get: { tags: ["Call"], responses: { 200: { $ref: "#/components/schemas/call" } } } },
  },
  components: {
    securitySchemes: { basic: { type: "http", scheme: "basic" }, other: { type: "http", scheme: "bearer" } },
    schemas: {
      message: { type: "object", properties: { status: { $ref: "#/components/schemas/status" } } },
      status: { type: "string", enum: ["queued", "sent"] },
      call: { type: "object" },
      unused: { type: "object" },
    },
  },
};

describe("messagesSubset", () => {
  it("keeps the Messages paths, the components they reach transitively, their security scheme and tags", () => {
    const subset = messagesSubset(small);
    expect(Object.keys(subset.paths)).toEqual([`${MESSAGES_PREFIX}.json`, `${MESSAGES_PREFIX}/{Sid}.json`]);
    expect(Object.keys(subset.components!["schemas"]!)).toEqual(["message", "status"]);
    expect(subset.components!["securitySchemes"]).toEqual({ basic: { type: "http", scheme: "basic" } });
    expect(subset.tags).toEqual([{ name: "Message" }]);
    expect(subset["info"]).toEqual(small["info"]);
  });

  it("refuses a description whose paths reference a component it does not define", () => {
    const broken = structuredClone(small);
    delete broken.components!["schemas"]!["status"];
    expect(() => messagesSubset(broken)).toThrow("$ref #/components/schemas/status names no component of the description");
  });

  it("refuses a description without Messages paths", () => {
    expect(() => messagesSubset({ paths: {} })).toThrow(`no paths under ${MESSAGES_PREFIX}`);
  });
});

describe("the committed subset (twilio-openapi/messages.json)", () => {
  it("holds the Messages operations and the message schema", () => {
    expect(committed.paths[`${MESSAGES_PREFIX}.json`]).toHaveProperty("post.operationId", "CreateMessage");
    expect(committed.paths[`${MESSAGES_PREFIX}/{Sid}.json`]).toHaveProperty("get");
    expect(committed.components!["schemas"]).toHaveProperty(["api.v2010.account.message"]);
  });

  it("is self-contained: every $ref resolves inside it, and extracting it again changes nothing", () => {
    for (const ref of refsIn(committed)) {
      const [, kind, name] = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref) ?? [];
      expect(committed.components?.[kind!]?.[name!], ref).toBeDefined();
    }
    expect(messagesSubset(committed)).toEqual(committed);
  });

  it("names its source file and checksum", () => {
    expect(committed["info"]).toHaveProperty("x-subset-of", {
      file: "spec/json/twilio_api_v2010.json",
      sha256: "99cae87a6bb1725f71363364cbd30282a13140374b2d5f9bdd5bdfa5d4c8a6d7",
    });
  });
});
