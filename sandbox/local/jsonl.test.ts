/** @module Tests for the --jsonl line parser. */
import { describe, expect, it } from "vitest";
import { parseLine } from "./jsonl.ts";

describe("parseLine", () => {
  it("reads messages and advances", () => {
    expect(parseLine('{"from":"+1","body":"hi"}', "+9")).toEqual({ type: "message", from: "+1", body: "hi", media: [] });
    expect(parseLine('{"body":"hi","media":["https://x/p.png"]}', "+9")).toEqual({ type: "message", from: "+9", body: "hi", media: ["https://x/p.png"] });
    expect(parseLine('{"advance": 3000}', "+9")).toEqual({ type: "advance", ms: 3000 });
  });

  it.each([
    ["nope", /^not JSON/],
    ["[1]", /^expected an object/],
    ['{"advance": -1}', /must be a number of milliseconds/],
    ['{"advance": 1, "body": "x"}', /takes only "advance"/],
    ['{"from": "+1"}', /"body" must be a string/],
    ['{"from": "", "body": "x"}', /"from" must be a non-empty string/],
    ['{"body": "x", "media": "a.png"}', /"media" must be a list/],
    ['{"body": "x", "txt": 1}', /unknown key "txt"/],
  ])("explains %s", (line, message) => {
    const r = parseLine(line, "+9");
    expect("error" in r && r.error).toMatch(message);
  });
});
