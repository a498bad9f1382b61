/** @module `createApp`: the runtime's Express application (webhooks, status callbacks, media, health), with everything injected and no `listen`. */
import express from "express";
import type { Logger } from "pino";
import type { BotIR } from "../../compiler/ir/types.ts";
import type { Clock, EngineEnv } from "../../engine/types.ts";
import type { RuntimeConfig } from "../config.ts";
import type { Store } from "../store/index.ts";
import { createUserLock } from "../outbox/index.ts";
import type { UserLock } from "../outbox/index.ts";
import { engineEnv } from "../adapters/engine-env.ts";
import { createConversation } from "../inbound/conversation.ts";
import type { Conversation } from "../inbound/conversation.ts";
import { inboundRoute } from "../inbound/inbound-route.ts";
import { createInboundWorker } from "../inbound/inbound-worker.ts";
import type { InboundWorker } from "../inbound/inbound-worker.ts";
import { mediaRoute } from "../media/route.ts";
import { statusRoute } from "../inbound/status-route.ts";
import { BadParameter, securityHeaders, singleQuery } from "../http/hygiene.ts";
import type { FollowStatus } from "../versions/follow.ts";

export interface AppOptions {
  ir: BotIR;
  /** The bot folder: media paths are served from it. */
  root: string;
  store: Store;
  clock: Clock;
  config: RuntimeConfig;
  logger: Logger;
  /** Engine I/O; defaults: `createFetcher()`, `createMacroHost(ir.objects)`, `Math.random`. */
  engine?: Partial<Pick<EngineEnv, "fetcher" | "macros" | "random">>;
  /** Shared with the dispatcher so reminders and webhooks of one user never interleave. */
  lock?: UserLock;
  conversation?: Conversation;
  /** Runs stored inbound rows; default: one over `conversation` and `lock`, kicked by each webhook, not polling. */
  inbound?: Pick<InboundWorker, "kick">;
  /** Rows were queued or a message settled: the dispatcher should look now rather than at its next poll. */
  onQueued?: () => void;
  /** Extra routers (e.g. the sandbox phone simulator), mounted after the runtime's own routes. */
  routers?: express.Router[];
  /** The running and live versions, added to `/readyz`'s answer (docs/versions.md). */
  versions?: () => FollowStatus;
  /** More for `/readyz`'s answer (the spool's depth). */
  readyDetail?: () => Record<string, unknown>;
}

export function createApp(options: AppOptions): express.Application {
  const { store, clock, config, logger } = options;
  if (config.twilio === null)
    throw new Error("createApp needs config.twilio (the auth token checks webhook signatures); in sandbox mode startServer fills it from the emulator");
  const { authToken, accountSid, from, messagingServiceSid } = config.twilio;
  const signature = { authToken, accountSid, from, messagingServiceSid, publicUrl: config.publicUrl, logger };
  const onQueued = options.onQueued ?? (() => undefined);
  const inbound =
    options.inbound ??
    (() => {
      const lock = options.lock ?? createUserLock();
      const conversation =
        options.conversation ??
        createConversation({ ir: options.ir, store, clock, logger, help: config.help, lock, env: engineEnv(options), httpBudgetMs: config.http.budgetMs });
      return createInboundWorker({ store, lock, conversation, logger, onAnswered: onQueued });
    })();

  const app = express();
  app.disable("x-powered-by");
  // The public URL decides signatures, not forwarded headers; `trust proxy` only makes req.ip right in logs.
  app.set("trust proxy", "loopback");
  // Browser-facing routes get the security headers; Twilio's webhook POSTs do not: their answers go to
  // Twilio's servers, never rendered, and the headers cost the hot path a tenth of its CPU (bench:server).
  const headers = securityHeaders(config.publicUrl);
  app.use((req, res, next) => (req.method === "POST" && (req.path === "/sms" || req.path === "/sms/status") ? next() : headers(req, res, next)));
  app.use(singleQuery(logger));
  // Liveness: answered from memory, never waiting on the database, so a locked or slow store cannot make it lie or hang.
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok", mode: config.mode, store: store.kind });
  });
  // Readiness: whether this process can take webhooks now (the store can write); recovers by itself.
  let wasReady = true;
  app.get("/readyz", async (_req, res) => {
    let verdict: { ok: true } | { ok: false; reason: string };
    try {
      verdict = store.ready ? await store.ready() : (await store.getBotState(), { ok: true });
    } catch (error) {
      verdict = { ok: false, reason: `the database does not answer: ${(error as Error).message}` };
    }
    if (!verdict.ok) {
      if (wasReady)
        logger.error(
          { event: "readyz.unready", reason: verdict.reason },
          `not ready: ${verdict.reason}. Webhooks get 500 (Twilio retries them) until this clears; /readyz answers 503 meanwhile.`,
        );
      wasReady = false;
      res.status(503).json({
        status: "unavailable",
        reason: verdict.reason,
        store: store.kind,
        ...(options.versions && { versions: options.versions() }),
        ...options.readyDetail?.(),
      });
      return;
    }
    if (!wasReady) logger.info({ event: "readyz.ready" }, "ready again: the database can be written");
    wasReady = true;
    // A refused live version (a newer IR format) is reported, not made unready: this process still answers, on its version.
    res.json({ status: "ready", store: store.kind, ...(options.versions && { versions: options.versions() }), ...options.readyDetail?.() });
  });
  app.use(inboundRoute({ store, clock, signature, logger, bodyLimit: config.bodyLimit, onStored: (userId) => inbound.kick(userId) }));
  app.use(statusRoute({ store, clock, signature, logger, bodyLimit: config.bodyLimit, onSettled: onQueued }));
  app.use(mediaRoute({ root: options.root, logger }));
  for (const router of options.routers ?? []) app.use(router);
  app.use(bodyErrors(logger));
  return app;
}

/** Body-parser failures (too large, bad encoding) and bad parameters become 413/400 with a log line, never a crash. */
function bodyErrors(logger: Logger): express.ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof BadParameter) {
      logger.warn({ event: "request.rejected", status: 400, path: req.path }, `${req.method} ${req.path} answered 400: ${error.message}`);
      res.status(400).json({ error: error.message });
      return;
    }
    const e = error as { status?: number; type?: string; message?: string };
    const status = e.type === "entity.too.large" ? 413 : typeof e.status === "number" && e.status >= 400 && e.status < 500 ? e.status : 500;
    const level = status >= 500 ? "error" : "warn";
    logger[level](
      { event: "request.rejected", status, type: e.type, path: req.originalUrl },
      `${req.method} ${req.originalUrl} answered ${status}: ${e.message ?? String(error)}${status === 413 ? ". Webhook bodies from Twilio are small; this request was not from Twilio or was corrupted." : ""}`,
    );
    res
      .status(status)
      .type("text/plain")
      .send(status === 413 ? "request body too large" : status >= 500 ? "internal error" : "bad request");
  };
}
