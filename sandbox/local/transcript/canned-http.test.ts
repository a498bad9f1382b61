/** @module Canned HTTP fetcher tests: exact and glob keys, methods, simulated failures, misses. */
import { describe, expect, it } from "vitest";
import { createCannedFetcher } from "./canned-http.ts";

const get = (url: string, method = "GET") => ({ method, url, headers: {} });

describe("createCannedFetcher", () => {
  const fetcher = () =>
    createCannedFetcher({
      "https://api.test/w?city=*": { status: 404, json: { error: "nope" } },
      "https://api.test/w?city=paris": { json: { temp: 21 } },
      "POST https://hooks.test/*": { status: 204 },
      "https://slow.test/": { error: "timed out after 5000 ms" },
      "https://text.test/": { text: "plain" },
    });

  it("prefers an exact URL over a pattern and serialises json", async () => {
    const f = fetcher();
    expect(await f(get("https://api.test/w?city=paris"))).toEqual({ status: 200, text: '{"temp":21}' });
    expect(await f(get("https://api.test/w?city=new%20york"))).toEqual({ status: 404, text: '{"error":"nope"}' });
    expect(await f(get("https://text.test/"))).toEqual({ status: 200, text: "plain" });
  });

  it("matches a method prefix only for that method", async () => {
    const f = fetcher();
    expect((await f(get("https://hooks.test/x", "POST"))).status).toBe(204);
    expect((await f(get("https://hooks.test/x", "GET"))).status).toBe(0);
  });

  it("simulates a call with no response, and records unknown URLs", async () => {
    const f = fetcher();
    expect(await f(get("https://slow.test/"))).toEqual({ status: 0, text: "", error: "timed out after 5000 ms" });
    const miss = await f(get("https://unknown.test/a"));
    expect(miss.status).toBe(0);
    expect(miss.error).toContain("no canned response for GET https://unknown.test/a");
    expect(f.misses).toEqual(["GET https://unknown.test/a"]);
    expect(f.calls).toEqual(["GET https://slow.test/", "GET https://unknown.test/a"]);
  });

  it("treats regex characters in keys literally", async () => {
    const f = createCannedFetcher({ "https://a.test/x?q=(1+1)": { text: "2" } });
    expect((await f(get("https://a.test/x?q=(1+1)"))).text).toBe("2");
    expect((await f(get("https://a.test/x?q=11"))).status).toBe(0);
  });
});
