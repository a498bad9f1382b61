/** @module `GET /metrics`: the registry in Prometheus text format, behind a Bearer token when one is set; on the main app or a listener of its own. */
import http from "node:http";
import { once } from "node:events";
import { createHash, timingSafeEqual } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { RuntimeMetrics } from "./registry.ts";

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Answers `GET /metrics`; anything else is not its business (returns false). */
export function metricsHandler(
  metrics: RuntimeMetrics,
  token: string | null,
  logger: Logger,
): (req: http.IncomingMessage, res: http.ServerResponse) => boolean {
  const expected = token === null ? null : digest(token);
  return (req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== "/metrics") return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain" }).end("method not allowed");
      return true;
    }
    if (expected !== null) {
      const header = req.headers.authorization ?? "";
      const given = header.startsWith("Bearer ") ? header.slice(7).trim() : "";
      if (given === "" || !timingSafeEqual(digest(given), expected)) {
        res
          .writeHead(401, { "WWW-Authenticate": 'Bearer realm="metrics"', "Content-Type": "text/plain" })
          .end("unauthorized: send Authorization: Bearer $BOT_METRICS_TOKEN");
        return true;
      }
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { "Content-Type": metrics.registry.contentType, "Cache-Control": "no-store" }).end(req.method === "HEAD" ? undefined : text),
      (error: unknown) => {
        logger.error({ event: "metrics.error", err: error }, `GET /metrics failed: ${(error as Error).message}`);
        res.writeHead(500, { "Content-Type": "text/plain" }).end("internal error");
      },
    );
    return true;
  };
}

/** `/metrics` on a port of its own (`BOT_METRICS_PORT`): nothing else is served there. */
export async function listenMetrics(handle: ReturnType<typeof metricsHandler>, port: number, host: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (!handle(req, res)) res.writeHead(404, { "Content-Type": "text/plain" }).end("not found: only /metrics is served on this port");
  });
  server.listen(port, host);
  try {
    await Promise.race([once(server, "listening"), once(server, "error").then(([error]) => Promise.reject(error))]);
  } catch (error) {
    throw new Error(`cannot listen for /metrics on ${host}:${port} (BOT_METRICS_PORT): ${(error as Error).message}`, { cause: error });
  }
  const address = server.address() as AddressInfo;
  const shown = address.family === "IPv6" ? `[${address.address}]` : address.address === "0.0.0.0" ? "127.0.0.1" : address.address;
  return {
    url: `http://${shown}:${address.port}/metrics`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
