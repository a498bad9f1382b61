/** @module `startServer`: the server's composition. Wires the app, the dispatcher, the web console (API and dashboard, when broadcasts are on) and an HTTP listener; in sandbox mode the caller passes extra routers (simulator). */
import http from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import type express from "express";
import type { Logger } from "pino";
import type { BotIR } from "../../compiler/ir/types.ts";
import type { Clock, EngineEnv } from "../../engine/types.ts";
import type { RuntimeConfig } from "../config.ts";
import type { Store } from "../store/index.ts";
import type { TwilioClient } from "../twilio/client.ts";
import { createDispatcher, createUserLock } from "../outbox/index.ts";
import { createLoopGuard } from "../loop-guard/index.ts";
import type { Dispatcher, DispatcherSettings, UserLock } from "../outbox/index.ts";
import type { SenderMeter } from "../sending/index.ts";
import type { BroadcastService } from "../broadcast/service.ts";
import { createApiRouter, tokenFromEnv, tokenProblem } from "../api/index.ts";
import { createThrottle } from "../http/throttle.ts";
import { createDashboardRouter } from "../dashboard/index.ts";
import { insightsSource } from "../insights/source.ts";
import { createApp } from "./app.ts";
import { engineEnv } from "../adapters/engine-env.ts";
import { createConversation } from "../inbound/conversation.ts";
import { createInboundWorker } from "../inbound/inbound-worker.ts";
import { createHandoffRuntime } from "../handoff/index.ts";
import type { HandoffRuntime, HandoffService } from "../handoff/index.ts";
import type { InboundWorker } from "../inbound/inbound-worker.ts";
import type { BotHolder } from "../versions/holder.ts";
import type { FollowStatus } from "../versions/follow.ts";
import type { VersionsService } from "../versions/service.ts";

function versionMetrics(bot: BotHolder, status: (() => FollowStatus) | null, metrics: RuntimeMetrics): void {
  bot.wrapEnv((env) => meteredEnv(env, metrics));
  metrics.addGauge("bot_version_running", "The published bot version this process answers with (0: not a published one)", () => bot.current().version ?? 0);
  metrics.addGauge(
    "bot_version_users_moved_to_default",
    "Users moved to default since this process started, because the version it runs lacks their topic",
    () => bot.moves,
  );
  if (status)
    metrics.addGauge("bot_version_refused", "1 while this process refuses the live version (an IR format it cannot run, docs/versions.md)", () =>
      status().problem === null ? 0 : 1,
    );
}

/** The console's Versions routes and page, when `bot run` gives them. */
const versionsOf = (options: StartServerOptions) => (options.console?.versions ? { versions: options.console.versions } : {});
import { createMetrics, listenMetrics, meteredConversation, meteredEnv, meteredStore, metricsHandler, timedWebhooks } from "../metrics/index.ts";
import type { MetricsSettings, RuntimeMetrics } from "../metrics/index.ts";
import { drainServer } from "./drain.ts";
import type { DrainReport, DrainSettings } from "./drain.ts";
import { spooledStore } from "../spool/index.ts";
import type { Spool } from "../spool/index.ts";

export interface StartServerOptions {
  ir: BotIR;
  root: string;
  store: Store;
  twilio: Pick<TwilioClient, "messages">;
  config: RuntimeConfig;
  logger: Logger;
  clock?: Clock;
  engine?: Partial<Pick<EngineEnv, "fetcher" | "macros" | "random">>;
  /** Overrides of the dispatcher's settings (ordering, strictWaitMs, maxAttempts come from config). */
  dispatcher?: Partial<DispatcherSettings>;
  /**
   * The web console: `/api` and `/dashboard` over the broadcast service (`attachBroadcasting`), behind `token`
   * (default: BOT_DASHBOARD_TOKEN; null turns both off). Absent: no console.
   */
  console?: { service: BroadcastService; token?: string | null; versions?: VersionsService };
  /** Extra routers mounted on the app (the sandbox phone simulator); called once the URL is known. */
  routers?: (server: { url: string; publicUrl: string }) => express.Router[];
  /** Per-user lock; PostgreSQL passes one that holds across processes. Default: in-process. */
  lock?: UserLock;
  /** Skip the polling loops; tests drive `dispatcher.tick()` and `inbound.drain()` themselves (webhooks still kick the worker). */
  manualDispatch?: boolean;
  /** Users whose steps run at once in this process (`BOT_WORKERS`, default 64). */
  workers?: number;
  /** The sender's meter (docs/sending.md); absent: messages go as soon as they are due. `bot run` always gives one. */
  meter?: SenderMeter;
  /** The bot, swappable while the server runs (the live version followed, `--watch`); absent: `ir`, never swapped. */
  bot?: BotHolder;
  /** Which version this process runs and why not the live one, shown by `/readyz` (docs/versions.md). */
  versions?: () => FollowStatus;
  /** Prometheus `/metrics` (docs/metrics.md): on the main port, or on `port` when given; absent: no metrics. */
  metrics?: MetricsSettings & { version?: string };
  /** Where webhooks go while the database is away (../spool/); replayed by this server. Absent: they get 503. */
  spool?: Spool;
}

export interface RunningServer {
  /** Where this process listens, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** What Twilio is told (status callbacks, media); `url` in sandbox mode. */
  publicUrl: string;
  app: express.Application;
  server: http.Server;
  dispatcher: Dispatcher;
  inbound: InboundWorker;
  /** Human takeover (docs/handoff.md): the operator service and the idle timer (tests tick it on their clock). */
  handoff: HandoffRuntime;
  /** The counters and gauges `/metrics` serves (null without `options.metrics`). */
  metrics: RuntimeMetrics | null;
  /** Where `/metrics` is served, when it is. */
  metricsUrl: string | null;
  /**
   * The graceful drain (SIGTERM/SIGINT in `bot run`): `/readyz` answers 503 at once, webhooks are taken for the
   * grace, then steps and sends in flight finish, within `settings.timeoutMs` (./drain.ts). The store stays open.
   */
  drain(settings: DrainSettings): Promise<DrainReport>;
  /** Stops the dispatcher (waiting for the pass in progress) and the listener. The store stays open: its owner closes it. */
  close(): Promise<void>;
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config, logger, ir } = options;
  const clock = options.clock ?? { now: () => Date.now() };
  const metrics = options.metrics
    ? createMetrics({
        ir,
        clock,
        gauges: options.store.gauges,
        meter: options.meter ?? null,
        ...(options.metrics.version && { version: options.metrics.version }),
      })
    : null;
  // Counted in one place for both databases: the store every part of this server uses.
  const metered = metrics ? meteredStore(options.store, metrics) : options.store;
  // Webhooks the database cannot take now are spooled, and replayed into the (counted) store when it is back.
  const spool = options.spool ?? null;
  const store = spool ? spooledStore(metered, spool) : metered;
  if (spool && metrics) {
    metrics.addGauge("bot_spool_entries", "Webhooks in this process's spool, waiting for the database", () => spool.depth().entries);
    metrics.addGauge("bot_spool_bytes", "Size of this process's spool file", () => spool.depth().bytes);
  }
  // Before listening: a refused handoff webhook URL stops the start with the config key's line.
  let kick = (): void => undefined;
  let userLock: UserLock | null = null;
  const handoff = await createHandoffRuntime({
    ir,
    root: options.root,
    store,
    clock,
    logger,
    publicUrl: config.publicUrl ?? null,
    kick: () => kick(),
    withUserLock: (userId, fn) => (userLock ? userLock.run(userId, fn) : fn()),
  });
  const server = http.createServer();
  server.listen(config.port, config.host);
  try {
    await Promise.race([once(server, "listening"), once(server, "error").then(([error]) => Promise.reject(error))]);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new Error(
      code === "EADDRINUSE"
        ? `port ${config.port} on ${config.host} is already in use: stop the other process or pick another port with --port N (or PORT=N; with npm start: npm start -- --port N)`
        : `cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address === "0.0.0.0" ? "127.0.0.1" : address.address;
  const url = `http://${host}:${address.port}`;
  const publicUrl = config.publicUrl ?? url;
  const effective: RuntimeConfig = { ...config, publicUrl };

  const lock = options.lock ?? createUserLock();
  userLock = lock;
  const plainConversation = createConversation({
    ir,
    store,
    lock,
    clock,
    logger,
    help: config.help,
    env: (metrics ? (env: EngineEnv) => meteredEnv(env, metrics) : (env: EngineEnv) => env)(engineEnv({ ir, clock, logger, config, engine: options.engine })),
    httpBudgetMs: config.http.budgetMs,
    ...(options.bot && { bot: options.bot }),
    handoff: handoff.step,
  });
  // The swappable bot's engine I/O is counted as the fixed one's is, and the versions are reported.
  if (options.bot && metrics) versionMetrics(options.bot, options.versions ?? null, metrics);
  const conversation = metrics ? meteredConversation(plainConversation, metrics) : plainConversation;
  const dispatcher = createDispatcher({
    store,
    twilio: options.twilio,
    clock,
    logger,
    sender: { from: config.twilio?.from ?? null, messagingServiceSid: config.twilio?.messagingServiceSid ?? null },
    publicUrl,
    root: options.root,
    settings: {
      ordering: config.ordering,
      strictWaitMs: config.strictWaitMs,
      statusCheckMs: config.statusCheckMs,
      maxAttempts: config.maxAttempts,
      sendTimeoutMs: config.sendTimeoutMs,
      pricePerSegment: config.pricePerSegment,
      pricePerMms: config.pricePerMms,
      ...options.dispatcher,
    },
    fireReminder: conversation.fireReminder,
    pollMs: config.pollMs,
    meter: options.meter ?? null,
    loopGuard: config.loopGuard && store.loopGuard ? createLoopGuard({ store: store.loopGuard, settings: config.loopGuard, clock, logger }) : null,
  });
  kick = () => dispatcher.kick();
  const inbound = createInboundWorker({
    store,
    lock,
    conversation,
    logger,
    onAnswered: () => dispatcher.kick(),
    pollMs: config.pollMs,
    ...(options.workers !== undefined && { concurrency: options.workers }),
  });
  const app = createApp({
    ir,
    root: options.root,
    store,
    clock,
    config: effective,
    logger,
    lock,
    conversation,
    inbound,
    onQueued: () => dispatcher.kick(),
    ...(spool && { readyDetail: () => ({ spool: spool.depth() }) }),
    ...(options.versions && { versions: options.versions }),
    routers: [...webConsole(options, effective, clock, handoff.service), ...(options.routers?.({ url, publicUrl }) ?? [])],
  });
  const serveMetrics = metrics && options.metrics ? metricsHandler(metrics, options.metrics.token, logger) : null;
  const metricsListener =
    serveMetrics && options.metrics?.port != null
      ? await listenMetrics(serveMetrics, options.metrics.port, config.host).catch(async (error: unknown) => {
          await new Promise<void>((resolve) => server.close(() => resolve()));
          throw error;
        })
      : null;
  const handler: http.RequestListener = serveMetrics && metricsListener === null ? (req, res) => void (serveMetrics(req, res) || app(req, res)) : app;
  // Draining: readiness turns 503 at once and answers ask clients to reconnect elsewhere (Connection: close).
  let draining = false;
  let answeredWhileDraining = 0;
  const served: http.RequestListener = (req, res) => {
    if (draining) {
      res.setHeader("Connection", "close");
      if (req.method === "GET" && (req.url ?? "").split("?")[0] === "/readyz") {
        res.writeHead(503, { "Content-Type": "application/json" }).end(JSON.stringify({ status: "draining", store: store.kind }));
        return;
      }
      if (req.method === "POST") res.once("finish", () => void answeredWhileDraining++);
    }
    handler(req, res);
  };
  server.on("request", metrics ? timedWebhooks(served, metrics) : served);
  const metricsUrl = metricsListener?.url ?? (serveMetrics ? `${url}/metrics` : null);
  if (options.manualDispatch) await dispatcher.recover();
  else {
    await dispatcher.start();
    // Rows queued before a crash (this process's or a dead peer's) run now.
    inbound.start();
    spool?.start(metered, (userId) => inbound.kick(userId));
    handoff.idle?.start();
  }
  logger.info(
    { event: "listening", url, publicUrl, mode: config.mode, ordering: config.ordering, db: config.databaseUrl ? "postgres" : config.dbPath },
    `listening on ${url} (Twilio reaches it as ${publicUrl})`,
  );

  return {
    url,
    publicUrl,
    app,
    server,
    dispatcher,
    inbound,
    metrics,
    handoff,
    metricsUrl,
    async drain(settings) {
      draining = true;
      const report = await drainServer({ server, inbound, dispatcher, logger, answered: () => answeredWhileDraining }, settings);
      await metricsListener?.close();
      return report;
    },
    async close() {
      // Steps in progress finish (their rows are done); rows still queued stay for the next start or a peer.
      await inbound.stop();
      await dispatcher.stop();
      await handoff.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await metricsListener?.close();
    },
  };
}

/** The API and the dashboard, token-protected; none without a broadcast service, and a log line when the token is unset. */
function webConsole(options: StartServerOptions, config: RuntimeConfig, clock: Clock, handoff: HandoffService | null): express.Router[] {
  if (!options.console) return [];
  const { service } = options.console;
  const token = options.console.token !== undefined ? options.console.token : tokenFromEnv(process.env);
  if (token === null) options.logger.info({ event: "dashboard.disabled" }, "the dashboard and the HTTP API are off: set BOT_DASHBOARD_TOKEN to turn them on");
  // `bot run` refuses a weak token before it listens; a library caller learns the same here.
  const weak = token === null ? null : tokenProblem(token);
  if (weak !== null) throw new Error(weak);
  const now = () => clock.now();
  // One throttle: a wrong token is a guess whether it came through the API or the sign-in form.
  const throttle = createThrottle({ now });
  // The insights read the bot's database on a read-only connection of their own (runtime/insights/source.ts).
  const insights = insightsSource(config, () => service.ir);
  return [
    createApiRouter({ service, token, logger: options.logger, throttle, handoff, insights: { source: insights, clock: { now } }, ...versionsOf(options) }),
    createDashboardRouter({ service, token, logger: options.logger, publicUrl: config.publicUrl, now, throttle, handoff, insights, ...versionsOf(options) }),
  ];
}
