/**
 * @module The runtime's Prometheus metrics (prom-client), one registry per server so several servers in one
 * process (tests) never share counters. Counters are bumped on the hot path (no allocation beyond the label
 * lookup); queue depths, lag, meter backlog and pool use are read from the store when `/metrics` is scraped.
 */
import client from "prom-client";
import type { BotIR } from "../../compiler/ir/types.ts";
import type { Clock } from "../../engine/types.ts";
import type { GaugeStore, QueueGauges } from "../store/gauges/types.ts";
import type { SenderMeter } from "../sending/meter.ts";

/** Webhook routes timed by `bot_webhook_duration_seconds`. */
export type WebhookRoute = "sms" | "status";

export interface RuntimeMetrics {
  readonly registry: client.Registry;
  /** An inbound row was run (`answered`, `no-match`, `opted-out` …, see InboundOutcome). */
  inbound(outcome: string): void;
  /** A conversation step (an inbound row or a reminder) took this long, store writes included. */
  step(kind: "inbound" | "reminder", seconds: number): void;
  webhook(route: WebhookRoute, status: number, seconds: number): void;
  /** An outbound message reached a final state: Twilio's final status, or failed/canceled/expired here. */
  outbound(status: string, errorCode: number | null): void;
  /** Twilio accepted an outbound message (a sid was recorded). */
  accepted(): void;
  /** A `$` call ended; `ok` is false without a 2xx answer. */
  call(ok: boolean, seconds: number): void;
  /** A macro call ended; `limit` names the limit it hit, null when none did. */
  macro(seconds: number, limit: string | null): void;
  /** Extra gauges a feature reads at scrape time (the spool's depth, open handoffs). */
  addGauge(name: string, help: string, read: () => number | Promise<number>): void;
}

export interface MetricsOptions {
  ir: BotIR;
  clock: Clock;
  /** Where queue depths come from; absent: those gauges are not reported. */
  gauges?: GaugeStore;
  meter?: SenderMeter | null;
  /** The product's version for `bot_info`. */
  version?: string;
  /** Node's own process metrics (CPU, memory, event loop lag, `process_start_time_seconds`); default on. */
  processMetrics?: boolean;
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15];
/** One read of the database serves every gauge of a scrape. */
const SNAPSHOT_TTL_MS = 500;

export function createMetrics(options: MetricsOptions): RuntimeMetrics {
  const registry = new client.Registry();
  const { ir, clock } = options;
  if (options.processMetrics !== false) client.collectDefaultMetrics({ register: registry });
  const reg = [registry];

  new client.Gauge({
    name: "bot_info",
    help: "The bot this process runs: IR version, the sources' hash and the compiler (always 1)",
    labelNames: ["ir_version", "sources_sha256", "compiler", "version"],
    registers: reg,
  })
    .labels(String(ir.irVersion), ir.sources.sha256, `${ir.compiler.name} ${ir.compiler.version}`, options.version ?? "unknown")
    .set(1);

  const inbound = new client.Counter({
    name: "bot_inbound_messages_total",
    help: "Inbound messages run by this process, by outcome (answered, no-match, opted-out, opted-in, help, ignored-opted-out, replayed)",
    labelNames: ["outcome"],
    registers: reg,
  });
  const steps = new client.Histogram({
    name: "bot_step_duration_seconds",
    help: "One conversation step (engine, $ calls, macros and its transaction), by kind (inbound, reminder)",
    labelNames: ["kind"],
    buckets: SECONDS,
    registers: reg,
  });
  const webhooks = new client.Histogram({
    name: "bot_webhook_duration_seconds",
    help: "Time to answer Twilio's webhooks (route sms or status) by HTTP status",
    labelNames: ["route", "status"],
    buckets: SECONDS,
    registers: reg,
  });
  const outbound = new client.Counter({
    name: "bot_outbound_messages_total",
    help: "Outbound messages that reached a final state in this process, by status (delivered, undelivered, failed, canceled, expired …) and Twilio error code",
    labelNames: ["status", "error_code"],
    registers: reg,
  });
  const accepted = new client.Counter({ name: "bot_outbound_accepted_total", help: "Outbound messages Twilio accepted from this process", registers: reg });
  const calls = new client.Histogram({ name: "bot_http_call_duration_seconds", help: "$ calls' duration", buckets: SECONDS, registers: reg });
  const callFailures = new client.Counter({
    name: "bot_http_call_failures_total",
    help: "$ calls without a 2xx answer (error status, timeout, refused, too large)",
    registers: reg,
  });
  const macros = new client.Histogram({ name: "bot_macro_duration_seconds", help: "Macro calls' duration", buckets: SECONDS, registers: reg });
  const macroLimits = new client.Counter({
    name: "bot_macro_limit_hits_total",
    help: "Macro calls stopped by a limit, by limit (cpu, memory, output, variable, deadline, timeout)",
    labelNames: ["limit"],
    registers: reg,
  });

  // Scrape-time gauges: one database read per scrape, shared by all of them.
  let cached: { at: number; value: Promise<QueueGauges | null> } | null = null;
  const queues = (): Promise<QueueGauges | null> => {
    const now = clock.now();
    if (cached && now - cached.at < SNAPSHOT_TTL_MS) return cached.value;
    // A database that is away leaves the gauges out of this scrape rather than failing it.
    const value = options.gauges ? options.gauges.queues(now).catch(() => null) : Promise.resolve(null);
    cached = { at: now, value };
    return value;
  };
  if (options.gauges) {
    const fromQueues = (name: string, help: string, labelNames: string[], fill: (gauge: client.Gauge, q: QueueGauges, now: number) => void) =>
      new client.Gauge({
        name,
        help,
        labelNames,
        registers: reg,
        async collect() {
          const q = await queues();
          this.reset();
          if (q !== null) fill(this, q, clock.now());
        },
      });
    fromQueues("bot_inbound_queued", "Inbound webhooks stored and not yet run (the whole database)", [], (g, q) => g.set(q.inboundQueued));
    fromQueues("bot_inbound_oldest_age_seconds", "Age of the oldest inbound webhook waiting to run (0 when none)", [], (g, q, now) =>
      g.set(q.oldestInboundAt === null ? 0 : Math.max(0, now - q.oldestInboundAt) / 1000),
    );
    fromQueues("bot_outbox_rows", "Unsettled outbox rows by state (pending, sending, unknown; the whole database)", ["state"], (g, q) => {
      for (const [state, n] of Object.entries(q.outbox)) g.labels(state).set(n);
    });
    fromQueues("bot_reminders_due", "Reminders whose time has come and that have not fired", [], (g, q) => g.set(q.remindersDue));
    fromQueues("bot_dispatcher_lag_seconds", "Age of the oldest message row that may go now and has not gone (0 when none)", [], (g, q, now) =>
      g.set(q.oldestDueAt === null ? 0 : Math.max(0, now - q.oldestDueAt) / 1000),
    );
    fromQueues("bot_handoffs_open", "Handoffs to a person waiting for an operator or active (the whole database)", ["state"], (g, q) => {
      for (const [state, n] of Object.entries(q.handoffs)) g.labels(state).set(n);
    });
    fromQueues(
      "bot_broadcast_recipients",
      "Recipients of scheduled and running broadcasts by state (queued, released, canceled)",
      ["broadcast", "state"],
      (g, q) => {
        for (const row of q.broadcasts) g.labels(String(row.id), row.state).set(row.recipients);
      },
    );
    const pool = options.gauges.pool;
    if (pool)
      new client.Gauge({
        name: "bot_db_pool_connections",
        help: "This process's PostgreSQL pool: connections in use, idle, and requests waiting for one",
        labelNames: ["state"],
        registers: reg,
        collect() {
          const p = pool();
          this.labels("in_use").set(p.total - p.idle);
          this.labels("idle").set(p.idle);
          this.labels("waiting").set(p.waiting);
        },
      });
  }
  const meter = options.meter;
  if (meter)
    new client.Gauge({
      name: "bot_sender_backlog_seconds",
      help: "How long the sender's meter needs to send what it has already granted",
      labelNames: ["sender"],
      registers: reg,
      async collect() {
        this.reset();
        const snapshot = await meter.snapshot().catch(() => null);
        if (snapshot) this.labels(snapshot.key).set(snapshot.backlogMs / 1000);
      },
    });

  return {
    registry,
    inbound: (outcome) => inbound.labels(outcome).inc(),
    step: (kind, seconds) => steps.labels(kind).observe(seconds),
    webhook: (route, status, seconds) => webhooks.labels(route, String(status)).observe(seconds),
    outbound: (status, errorCode) => outbound.labels(status, errorCode === null ? "" : String(errorCode)).inc(),
    accepted: () => accepted.inc(),
    call(ok, seconds) {
      calls.observe(seconds);
      if (!ok) callFailures.inc();
    },
    macro(seconds, limit) {
      macros.observe(seconds);
      if (limit !== null) macroLimits.labels(limit).inc();
    },
    addGauge(name, help, read) {
      new client.Gauge({
        name,
        help,
        registers: reg,
        async collect() {
          this.set(await read());
        },
      });
    },
  };
}
