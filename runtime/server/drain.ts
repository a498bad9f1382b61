/**
 * @module The graceful drain on SIGTERM/SIGINT: `/readyz` answers 503 at once, webhooks are still taken for a
 * short grace (a load balancer's requests already on their way are stored, not refused), then the listener
 * closes, the inbound workers finish the steps they are running, the dispatcher sends what those steps
 * queued and finishes its requests in flight, all within `BOT_SHUTDOWN_TIMEOUT_S`; past it the process goes
 * and its rows wait for a peer or the next start, as after a crash.
 */
import type http from "node:http";
import type { Logger } from "pino";
import type { Dispatcher } from "../outbox/index.ts";
import type { InboundWorker } from "../inbound/inbound-worker.ts";

export interface DrainSettings {
  /** How long webhooks are still taken after the signal (`BOT_SHUTDOWN_GRACE_S`, default 5 s). */
  graceMs: number;
  /** Everything, grace included, ends within this (`BOT_SHUTDOWN_TIMEOUT_S`, default 25 s: under Kubernetes' 30 s). */
  timeoutMs: number;
}

export const DEFAULT_DRAIN: DrainSettings = { graceMs: 5_000, timeoutMs: 25_000 };

export interface DrainReport {
  /** From the signal to the end of the drain, ms. */
  tookMs: number;
  /** The timeout ended it: steps or sends were still running (their rows are left for a peer or the next start). */
  timedOut: boolean;
  /** Webhooks answered during the grace. */
  acceptedDuringGrace: number;
}

function seconds(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number | string {
  const raw = env[name]?.trim() ?? "";
  if (raw === "") return fallback;
  if (!/^\d+(\.\d+)?$/.test(raw) || Number(raw) < min) return `${name}=${JSON.stringify(raw)} is not a number of seconds (${min} or more)`;
  return Number(raw) * 1000;
}

export function drainSettingsFromEnv(env: NodeJS.ProcessEnv): { ok: true; settings: DrainSettings } | { ok: false; error: string } {
  const timeoutMs = seconds(env, "BOT_SHUTDOWN_TIMEOUT_S", DEFAULT_DRAIN.timeoutMs, 1);
  if (typeof timeoutMs === "string") return { ok: false, error: timeoutMs };
  const graceMs = seconds(env, "BOT_SHUTDOWN_GRACE_S", Math.min(DEFAULT_DRAIN.graceMs, timeoutMs / 2), 0);
  if (typeof graceMs === "string") return { ok: false, error: graceMs };
  if (graceMs >= timeoutMs)
    return {
      ok: false,
      error: `BOT_SHUTDOWN_GRACE_S (${graceMs / 1000}) must be shorter than BOT_SHUTDOWN_TIMEOUT_S (${timeoutMs / 1000}): the steps and sends in flight need time after it`,
    };
  return { ok: true, settings: { graceMs, timeoutMs } };
}

export interface DrainParts {
  server: http.Server;
  inbound: InboundWorker;
  dispatcher: Dispatcher;
  logger: Logger;
  /** Webhooks answered since the drain began (counted by the server's request handler). */
  answered: () => number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Runs the drain; the caller has already turned `/readyz` to 503. Resolves when done or when the timeout ends it. */
export async function drainServer(parts: DrainParts, settings: DrainSettings): Promise<DrainReport> {
  const { server, inbound, dispatcher, logger } = parts;
  const started = Date.now();
  const deadline = started + settings.timeoutMs;
  logger.info(
    { event: "shutdown.draining", graceMs: settings.graceMs, timeoutMs: settings.timeoutMs },
    `draining: /readyz answers 503 now; webhooks are still taken for ${settings.graceMs / 1000} s, then steps and sends in flight finish (at most ${settings.timeoutMs / 1000} s in all, BOT_SHUTDOWN_TIMEOUT_S). A second signal exits at once.`,
  );
  await sleep(settings.graceMs);
  const acceptedDuringGrace = parts.answered();
  // No new connections; requests in flight finish; idle keep-alive connections close so clients go elsewhere.
  const listenerClosed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const work = (async () => {
    await listenerClosed;
    // Steps in progress finish; rows still queued stay for a peer or the next start.
    await inbound.stop();
    // What those steps queued goes now, then the dispatcher's requests in flight end.
    await dispatcher.tick().catch(() => undefined);
    await dispatcher.stop();
  })();
  const remaining = Math.max(0, deadline - Date.now());
  const timedOut = await Promise.race([work.then(() => false), sleep(remaining).then(() => true)]);
  const tookMs = Date.now() - started;
  if (timedOut) {
    server.closeAllConnections();
    logger.warn(
      { event: "shutdown.timeout", tookMs, acceptedDuringGrace },
      `drain not finished within BOT_SHUTDOWN_TIMEOUT_S (${settings.timeoutMs / 1000} s): exiting anyway. Steps and sends still running are left in the database; a peer or the next start finishes them (sends are looked up at Twilio before any resend).`,
    );
  } else {
    logger.info({ event: "shutdown.drained", tookMs, acceptedDuringGrace }, `drained in ${tookMs} ms (${acceptedDuringGrace} webhooks taken during the grace)`);
  }
  return { tookMs, timedOut, acceptedDuringGrace };
}
