/** @module HTTP adapter tests against a real server on 127.0.0.1: JSON, 404, hangs, oversized and slow bodies. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createFetcher, type AdapterLogger } from "./fetcher.ts";

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
    const res = await createFetcher()(get(`${base}/json?city=paris`));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ temp: 21, city: "paris" });
    expect(res.error).toBeUndefined();
  });

  it("sends method, headers and body", async () => {
    const res = await createFetcher()({
      method: "POST",
      url: `${base}/echo`,
      headers: { authorization: "Bearer t" },
      body: '{"a":1}',
    });
    expect(JSON.parse(res.text)).toEqual({ method: "POST", body: '{"a":1}', auth: "Bearer t" });
  });

  it("passes a 404 through as a response, not an error", async () => {
    const res = await createFetcher()(get(`${base}/missing`));
    expect(res).toEqual({ status: 404, text: "not here" });
  });

  it("times out a server that never answers", async () => {
    const warnings: string[] = [];
    const logger: AdapterLogger = { warn: (_f, m) => warnings.push(m) };
    const res = await createFetcher({ timeoutMs: 200, logger })(get(`${base}/hang`));
    expect(res).toEqual({ status: 0, text: "", error: "timed out after 200 ms" });
    expect(warnings[0]).toContain("/hang failed: timed out");
  });

  it("times out a body that never finishes", async () => {
    const res = await createFetcher({ timeoutMs: 200 })(get(`${base}/slow-body`));
    expect(res.status).toBe(0);
    expect(res.error).toBe("timed out after 200 ms");
  });

  it("refuses a body whose declared length is over the cap", async () => {
    const res = await createFetcher({ maxBytes: 1000 })(get(`${base}/huge`));
    expect(res).toEqual({ status: 0, text: "", error: "response larger than 1000 bytes" });
  });

  it("stops streaming a chunked body once it passes the cap", async () => {
    const res = await createFetcher({ maxBytes: 250_000 })(get(`${base}/huge-chunked`));
    expect(res.error).toBe("response larger than 250000 bytes");
  });

  it("decodes UTF-8 bodies", async () => {
    const res = await createFetcher()(get(`${base}/utf8`));
    expect(res.text).toBe("héllo wörld ✓");
  });

  it("reports a refused connection", async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const res = await createFetcher()(get(`http://127.0.0.1:${port}/`));
    expect(res).toEqual({ status: 0, text: "", error: "connection refused" });
  });

  it("rejects invalid URLs and non-HTTP schemes without a request", async () => {
    const fetcher = createFetcher();
    expect((await fetcher(get("not a url"))).error).toBe('invalid URL "not a url"');
    expect((await fetcher(get("file:///etc/passwd"))).error).toContain("unsupported URL scheme");
  });
});
