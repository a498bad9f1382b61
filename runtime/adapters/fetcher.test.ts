/** @module HTTP adapter tests against a real server on 127.0.0.1: JSON, 404, hangs, oversized and slow bodies. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createFetcher, type AdapterLogger } from "./fetcher.ts";
import { LOOPBACK_ALLOW } from "./address-guard.ts";

/** These tests talk to a loopback server: they opt in as an author would, through the allow-list. */
const LOCAL = { allow: LOOPBACK_ALLOW };

let server: Server;
let base = "";
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    switch (url.pathname) {
      case "/json":
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ temp: 21, city: url.searchParams.get("city") }));
        return;
      case "/echo": {
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString()));
        req.on("end", () => res.end(JSON.stringify({ method: req.method, body, auth: req.headers.authorization })));
        return;
      }
      case "/missing":
        res.statusCode = 404;
        res.end("not here");
        return;
      case "/hang":
        return; // never answers
      case "/huge":
        res.setHeader("content-length", String(5_000_000));
        res.end("x".repeat(5_000_000));
        return;
      case "/huge-chunked":
        // No content-length: the cap must trip while streaming.
        for (let i = 0; i < 50; i++) res.write("y".repeat(100_000));
        res.end();
        return;
      case "/slow-body":
        res.write("start");
        return; // headers sent, body never finishes
      case "/redirect-to-loopback":
        res.statusCode = 302;
        res.setHeader("location", `http://127.0.0.1:${(server.address() as AddressInfo).port}/json`);
        res.end();
        return;
      case "/utf8":
        res.end(Buffer.from("héllo wörld ✓", "utf8"));
        return;
      default:
        res.statusCode = 500;
        res.end();
    }
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const get = (url: string) => ({ method: "GET", url, headers: {} });

describe("createFetcher", () => {
  it("returns status and text of a JSON response", async () => {
    const res = await createFetcher(LOCAL)(get(`${base}/json?city=paris`));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ temp: 21, city: "paris" });
    expect(res.error).toBeUndefined();
  });

  it("sends method, headers and body", async () => {
    const res = await createFetcher(LOCAL)({
      method: "POST",
      url: `${base}/echo`,
      headers: { authorization: "Bearer t" },
      body: '{"a":1}',
    });
    expect(JSON.parse(res.text)).toEqual({ method: "POST", body: '{"a":1}', auth: "Bearer t" });
  });

  it("passes a 404 through as a response, not an error", async () => {
    const res = await createFetcher(LOCAL)(get(`${base}/missing`));
    expect(res).toEqual({ status: 404, text: "not here", headers: expect.objectContaining({ "content-length": "8" }) });
  });

  it("times out a server that never answers", async () => {
    const warnings: string[] = [];
    const logger: AdapterLogger = { warn: (_f, m) => warnings.push(m) };
    const res = await createFetcher({ ...LOCAL, timeoutMs: 200, logger })(get(`${base}/hang`));
    expect(res).toEqual({ status: 0, text: "", error: "timed out after 200 ms" });
    expect(warnings[0]).toContain("/hang failed: timed out");
  });

  it("times out a body that never finishes", async () => {
    const res = await createFetcher({ ...LOCAL, timeoutMs: 200 })(get(`${base}/slow-body`));
    expect(res.status).toBe(0);
    expect(res.error).toBe("timed out after 200 ms");
  });

  it("refuses a body whose declared length is over the cap", async () => {
    const res = await createFetcher({ ...LOCAL, maxBytes: 1000 })(get(`${base}/huge`));
    expect(res).toEqual({ status: 0, text: "", error: "response larger than 1000 bytes" });
  });

  it("stops streaming a chunked body once it passes the cap", async () => {
    const res = await createFetcher({ ...LOCAL, maxBytes: 250_000 })(get(`${base}/huge-chunked`));
    expect(res.error).toBe("response larger than 250000 bytes");
  });

  it("decodes UTF-8 bodies", async () => {
    const res = await createFetcher(LOCAL)(get(`${base}/utf8`));
    expect(res.text).toBe("héllo wörld ✓");
  });

  it("reports a refused connection", async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const res = await createFetcher(LOCAL)(get(`http://127.0.0.1:${port}/`));
    expect(res).toEqual({ status: 0, text: "", error: "connection refused" });
  });

  it("rejects invalid URLs and non-HTTP schemes without a request", async () => {
    const fetcher = createFetcher(LOCAL);
    expect((await fetcher(get("not a url"))).error).toBe('invalid URL "not a url"');
    expect((await fetcher(get("file:///etc/passwd"))).error).toContain("unsupported URL scheme");
  });
});

describe("createFetcher's address guard", () => {
  const refusedBy = async (url: string, options = {}) => (await createFetcher(options)(get(url))).error ?? "";

  it("refuses loopback in every spelling, checked on the address, by default", async () => {
    const port = new URL(base).port;
    for (const host of ["127.0.0.1", "2130706433", "0x7f000001", "0x7f.1", "0177.0.0.1", "[::ffff:127.0.0.1]", "[::1]", "localhost"]) {
      expect(await refusedBy(`http://${host}:${port}/json`), host).toMatch(/refused: .*loopback address .*runtime\.http\.allow/);
    }
  });

  it("refuses private, link-local, multicast and unspecified addresses", async () => {
    for (const [host, kind] of [
      ["10.1.2.3", "private"],
      ["192.168.0.1", "private"],
      ["172.20.0.1", "private"],
      ["169.254.169.254", "link-local"],
      ["[fe80::1]", "link-local"],
      ["224.0.0.1", "multicast"],
      ["0.0.0.0", "unspecified"],
      ["[::]", "unspecified"],
      ["[fd00::1]", "private"],
      ["100.64.0.1", "shared"],
    ]) {
      expect(await refusedBy(`http://${host}/`), host).toMatch(new RegExp(`refused: .*${kind}`));
    }
  });

  it("allows what the allow-list opens: an address, a CIDR range or a host name", async () => {
    const port = new URL(base).port;
    for (const allow of [["127.0.0.1"], ["127.0.0.0/8"], ["localhost"]]) {
      const host = allow[0] === "localhost" ? "localhost" : "2130706433";
      const res = await createFetcher({ allow })(get(`http://${host}:${port}/json?city=x`));
      expect(res.status, allow.join()).toBe(200);
    }
    expect((await createFetcher({ allow: ["::1"] })(get(`http://[::ffff:127.0.0.1]:${port}/json`))).error).toMatch(/refused/);
  });

  it("checks every redirect hop: a public-looking first hop cannot redirect to loopback", async () => {
    // The first hop is allowed by name; its redirect to 127.0.0.1 by address is not.
    const port = new URL(base).port;
    const res = await createFetcher({ allow: ["localhost"] })(get(`http://localhost:${port}/redirect-to-loopback`));
    expect(res.status).toBe(0);
    expect(res.error).toMatch(/refused: 127\.0\.0\.1 is a loopback address/);
    const followed = await createFetcher(LOCAL)(get(`${base}/redirect-to-loopback`));
    expect(followed.status).toBe(200);
  });
});
