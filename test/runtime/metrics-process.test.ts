/**
 * @module `/metrics` on a real `bot run` process (SQLite, and PostgreSQL when TEST_DATABASE_URL is set): after a
 * scripted load through the emulator, the counters match the emulator's own record of what came in, what went
 * out and how each outbound message ended; the text is valid Prometheus exposition (parsed, and checked by
 * promtool when it is installed); without the Bearer token the endpoint answers 401.
 */
import { afterAll, describe, expect, it } from "vitest";
import { drive, scripts, settle, sleep, startRig } from "../scale/load.ts";
import type { ScaleRig } from "../scale/load.ts";
import { dropSchema, freshSchemaUrl, testDatabaseUrl } from "../support/postgres.ts";
import { scrape } from "../support/prometheus.ts";
import type { Scrape } from "../support/prometheus.ts";

const TOKEN = "metrics-test-token-0123456789";
const UNDELIVERABLE = "+15557000002";
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const stores = [{ name: "sqlite" }, ...(testDatabaseUrl ? [{ name: "postgres" }] : [])];

describe.each(stores)("/metrics on bot run ($name)", ({ name }) => {
  it("counts what the emulator recorded, in valid Prometheus text, behind the token", { timeout: 180_000 }, async () => {
    let databaseUrl = "";
    if (name === "postgres") {
      const fresh = freshSchemaUrl("metrics");
      databaseUrl = fresh.url;
      cleanups.push(() => dropSchema(fresh.schema));
    }
    const rig: ScaleRig = await startRig({ databaseUrl, processes: 1, slowDelayMs: 50, env: { BOT_METRICS_TOKEN: TOKEN } });
    cleanups.push(() => rig.close());
    const { emulator } = rig;
    // One recipient's messages end undelivered with a carrier error, so the error-code label is exercised.
    emulator.configure({ delivery: { latencyMs: 5, failures: { [UNDELIVERABLE]: { status: "undelivered", errorCode: 30003 } } } });
    const users = scripts(6, { messages: 3, gapMs: 300, stopEvery: 6, remindEvery: 0 });
    expect(users.some((u) => u.phone === UNDELIVERABLE)).toBe(true);
    const load = await drive(rig, users);
    expect(load.failedAttempts).toBe(0);
    await settle(rig, users);

    const url = `${rig.processes[0]!.url}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { Authorization: "Bearer wrong-token-wrong-token" } })).status).toBe(401);

    const outbound = () => emulator.messages().filter((m) => m.direction === "outbound-api");
    // Every final status callback the bot answered 200 is one count of its status.
    const finals = () =>
      outbound().flatMap((m) => m.callbacks.filter((c) => ["delivered", "undelivered", "failed"].includes(c.status) && c.responseStatus === 200).map(() => m));
    // Final words from Twilio's status callbacks. A delayed part canceled by a STOP before it went counts as
    // canceled; one Twilio refused because the user had just texted STOP counts as failed with 21610. Neither
    // is in the emulator's record of messages.
    const twilioFinal = (m: Scrape) => ["delivered", "undelivered"].reduce((n, status) => n + m.value("bot_outbound_messages_total", { status }), 0);
    let metrics: Scrape = await scrape(url, TOKEN);
    for (let i = 0; i < 100; i++) {
      const settledCount = finals().length;
      if (settledCount === outbound().length && twilioFinal(metrics) === settledCount) break;
      await sleep(100);
      metrics = await scrape(url, TOKEN);
    }

    // promtool's linter flags three of prom-client's own default gauges (nodejs_active_*_total); nothing else may appear.
    const complaints = (metrics.promtool?.output ?? "").split("\n").filter((line) => line.trim() !== "" && !/^nodejs_active_\w+_total non-counter/.test(line));
    expect(complaints).toEqual([]);
    const inbound = emulator.messages().filter((m) => m.direction === "inbound");
    const stops = inbound.filter((m) => m.body === "STOP").length;
    expect(stops).toBeGreaterThan(0);
    expect(metrics.value("bot_inbound_messages_total")).toBe(inbound.length);
    expect(metrics.value("bot_inbound_messages_total", { outcome: "opted-out" })).toBe(stops);
    // What a user texts after STOP is recorded and not answered.
    const ignored = users.reduce(
      (n, u) => n + Math.max(0, u.messages.length - 1 - u.messages.findIndex((m) => m.body === "STOP")) * Number(u.messages.some((m) => m.body === "STOP")),
      0,
    );
    expect(ignored).toBeGreaterThan(0);
    expect(metrics.value("bot_inbound_messages_total", { outcome: "ignored-opted-out" })).toBe(ignored);
    expect(metrics.value("bot_inbound_messages_total", { outcome: "answered" })).toBe(inbound.length - stops - ignored);
    expect(metrics.value("bot_webhook_duration_seconds_count", { route: "sms", status: "200" })).toBe(inbound.length);
    expect(metrics.value("bot_step_duration_seconds_count", { kind: "inbound" })).toBe(inbound.length);

    expect(metrics.value("bot_outbound_accepted_total")).toBe(outbound().length);
    const byStatus = (status: string) => outbound().filter((m) => m.status === status);
    expect(byStatus("undelivered").length).toBeGreaterThan(0);
    expect(metrics.value("bot_outbound_messages_total", { status: "delivered" })).toBe(byStatus("delivered").length);
    expect(metrics.value("bot_outbound_messages_total", { status: "undelivered", error_code: "30003" })).toBe(byStatus("undelivered").length);
    expect(twilioFinal(metrics), JSON.stringify(metrics.series("bot_outbound_messages_total"))).toBe(outbound().length);
    for (const refused of metrics.series("bot_outbound_messages_total").filter((s) => s.labels["status"] === "failed"))
      expect(refused.labels["error_code"]).toBe("21610");

    expect(metrics.value("bot_inbound_queued")).toBe(0);
    expect(metrics.value("bot_outbox_rows", { state: "pending" })).toBe(0);
    expect(metrics.value("bot_dispatcher_lag_seconds")).toBe(0);
    expect(metrics.series("bot_sender_backlog_seconds").length).toBe(1);
    const info = metrics.series("bot_info")[0]?.labels ?? {};
    expect(info["ir_version"]).toMatch(/^\d+$/);
    expect(info["sources_sha256"]).toMatch(/^[0-9a-f]{64}$/);
    expect(metrics.value("process_start_time_seconds")).toBeGreaterThan(1_600_000_000);
    if (name === "postgres") {
      expect(
        metrics
          .series("bot_db_pool_connections")
          .map((s) => s.labels["state"])
          .sort(),
      ).toEqual(["idle", "in_use", "waiting"]);
    }
  });
});
