/** `/metrics` settings from the environment, the endpoint on a port of its own, and its token check. */
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryLogger } from "../log/logger.ts";
import { bot, say } from "../../test/engine/helpers.ts";
import { parseScrape } from "../../test/support/prometheus.ts";
import { createMetrics, listenMetrics, metricsHandler, metricsSettingsFromEnv } from "./index.ts";

describe("metricsSettingsFromEnv", () => {
  it.each([
    [{}, { port: null, token: null }],
    [{ BOT_METRICS_PORT: "9464" }, { port: 9464, token: null }],
    [
      { BOT_METRICS_PORT: " 0 ", BOT_METRICS_TOKEN: "0123456789abcdef" },
      { port: 0, token: "0123456789abcdef" },
    ],
  ])("%j reads as %j", (env, settings) => {
    expect(metricsSettingsFromEnv(env)).toEqual({ ok: true, settings });
  });
  it.each([
    [{ BOT_METRICS_PORT: "70000" }, /BOT_METRICS_PORT="70000" is not a port/],
    [{ BOT_METRICS_PORT: "http" }, /not a port/],
    [{ BOT_METRICS_TOKEN: "short" }, /shorter than 16 characters/],
  ])("%j is refused", (env, message) => {
    const result = metricsSettingsFromEnv(env);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});

describe("the /metrics listener", () => {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });

  it("serves only /metrics on its own port, behind the Bearer token", async () => {
    const metrics = createMetrics({ ir: bot({ topics: { default: [say("hi", "hello")] } }), clock: { now: () => 0 }, processMetrics: false });
    metrics.inbound("answered");
    metrics.inbound("answered");
    metrics.outbound("undelivered", 30003);
    metrics.webhook("sms", 200, 0.003);
    const token = "a-token-of-enough-length";
    const listener = await listenMetrics(metricsHandler(metrics, token, createMemoryLogger().logger), 0, "127.0.0.1");
    close = listener.close;
    expect((await fetch(listener.url)).status).toBe(401);
    expect((await fetch(listener.url.replace("/metrics", "/sms"))).status).toBe(404);
    expect((await fetch(listener.url, { method: "POST" })).status).toBe(405);
    const response = await fetch(listener.url, { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const scrape = parseScrape(await response.text());
    expect(scrape.value("bot_inbound_messages_total", { outcome: "answered" })).toBe(2);
    expect(scrape.value("bot_outbound_messages_total", { status: "undelivered", error_code: "30003" })).toBe(1);
    expect(scrape.value("bot_webhook_duration_seconds_bucket", { route: "sms", status: "200", le: "0.005" })).toBe(1);
    expect(scrape.value("bot_info")).toBe(1);
  });
});

describe("docs/metrics.md and the Grafana dashboard", () => {
  it("name every metric the registry has", async () => {
    const fs = await import("node:fs");
    const queues = {
      inboundQueued: 0,
      oldestInboundAt: null,
      outbox: { pending: 0, sending: 0, unknown: 0 },
      remindersDue: 0,
      oldestDueAt: null,
      handoffs: { waiting: 0, active: 0 },
      broadcasts: [],
    };
    const metrics = createMetrics({
      ir: bot({ topics: { default: [say("hi", "hello")] } }),
      clock: { now: () => 0 },
      processMetrics: false,
      gauges: { queues: async () => queues, pool: () => ({ total: 1, idle: 1, waiting: 0 }) },
      meter: { snapshot: async () => ({ key: "+15005550006", segmentsPerSecond: 1, effectiveRate: 1, backlogMs: 0, slowed: false, dayCount: 0 }) } as never,
    });
    // As startServer adds them when it has a spool.
    metrics.addGauge("bot_spool_entries", "spool", () => 0);
    metrics.addGauge("bot_spool_bytes", "spool", () => 0);
    const names = new Set(metrics.registry.getMetricsAsArray().map((m) => m.name));
    const doc = fs.readFileSync(new URL("../../docs/metrics.md", import.meta.url), "utf8");
    const documented = new Set([...doc.matchAll(/^\| `(bot_\w+)`/gm)].map((m) => m[1]!));
    // Features add gauges of their own through addGauge (the spool's above, the versions'); each is documented too.
    for (const name of names) expect(documented, `${name} in docs/metrics.md`).toContain(name);
    const dashboard = fs.readFileSync(new URL("../../docs/grafana-dashboard.json", import.meta.url), "utf8");
    const used = new Set([...dashboard.matchAll(/\b(bot_[a-z_]+?)(?:_bucket|_count|_sum)?\b/g)].map((m) => m[1]!).filter((n) => n !== "bot_runtime"));
    for (const name of used) expect(names, `${name} in grafana-dashboard.json`).toContain(name);
    expect(used.size).toBeGreaterThan(15);
  });
});
