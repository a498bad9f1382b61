/**
 * @module The team's notification (docs/handoff.md): each handoff event (`opened`, `message`, `closed`) is
 * POSTed to `handoff.webhook.url` as JSON (or Slack's incoming-webhook `{ text }`), signed with HMAC-SHA256
 * over `<timestamp>.<body>` in `X-Bot-Signature: t=<timestamp>,v1=<hex>`, retried with doubling back-off.
 * The URL goes through the same address guard as the bot's `$` calls: a private or loopback address is
 * refused at start unless `handoff.webhook.allowPrivate` is true.
 */
import { createHmac } from "node:crypto";
import { lookup } from "node:dns/promises";
import net from "node:net";
import type { Logger } from "pino";
import type { HandoffWebhookConfig } from "../../config/handoff-schema.ts";
import type { Clock, Fetcher } from "../../engine/types.ts";
import { addressPolicy } from "../adapters/address-guard.ts";
import { createFetcher } from "../adapters/fetcher.ts";
import type { HandoffRecord, HandoffStore } from "../store/index.ts";
import type { HandoffEvent } from "./events.ts";

export const SIGNATURE_HEADER = "X-Bot-Signature";
export const EVENT_HEADER = "X-Bot-Event";
/** Every address, for `allowPrivate: true`. */
const ANYWHERE = ["0.0.0.0/0", "::/0"];

export interface WebhookPayload {
  event: HandoffEvent["type"];
  /** Epoch ms of the event. */
  at: number;
  user: string;
  handoff: Pick<HandoffRecord, "state" | "reason" | "openedBy" | "openedAt" | "assignee" | "lastUserAt" | "lastAgentAt" | "closedBy" | "returnTopic"> | null;
  /** `message` events: who wrote and what. */
  message?: { from: "user" | "agent"; body: string; agent: string | null };
  /** The conversation in the dashboard inbox. */
  inbox: string | null;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: what the receiver recomputes with the shared secret. */
export function signature(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export function slackText(payload: WebhookPayload): string {
  const who = payload.user;
  const link = payload.inbox ? ` <${payload.inbox}|open the inbox>` : "";
  switch (payload.event) {
    case "opened":
      return `:raising_hand: ${who} needs a person${payload.handoff?.reason ? `: ${payload.handoff.reason}` : ""}.${link}`;
    case "message":
      return payload.message?.from === "agent"
        ? `${payload.message.agent ?? "operator"} → ${who}: ${payload.message.body}`
        : `${who}: ${payload.message?.body ?? ""}${link}`;
    case "closed":
      return `${who}'s handoff closed (${payload.handoff?.closedBy ?? "closed"}); the bot answers again.`;
    default: {
      const _exhaustive: never = payload.event;
      return _exhaustive;
    }
  }
}

/**
 * Checks the URL at start: http(s), and every address its host resolves to public unless private ones are
 * allowed. Returns the reason it is refused, or null.
 */
export async function webhookUrlProblem(config: HandoffWebhookConfig): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    return `"${config.url}" is not a URL`;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return `"${config.url}" is not an http(s) URL`;
  if (config.allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  try {
    addresses = net.isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch (error) {
    return `its host ${host} does not resolve (${(error as Error).message})`;
  }
  const policy = addressPolicy([]);
  for (const address of addresses) {
    const refusal = policy.refusal(host, address);
    if (refusal !== null) return `${refusal.replace(/ \(add it to .*\)$/, "")}: set handoff.webhook.allowPrivate: true to allow it`;
  }
  return null;
}

export interface NotifierOptions {
  config: HandoffWebhookConfig;
  secret: string;
  handoffs: HandoffStore;
  clock: Clock;
  logger: Logger;
  /** The dashboard's base URL for links; null: no links. */
  publicUrl: string | null;
  /** Tests inject the fetcher; default: the guarded one (private addresses only with allowPrivate). */
  fetcher?: Fetcher;
  /** Waits between attempts (tests pass a fast one); default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** First retry's wait; doubles each time, up to a minute. */
  backoffMs?: number;
}

export interface Notifier {
  /** Queues the event's delivery (in the background). */
  notify(event: HandoffEvent): void;
  /** Resolves when every queued delivery has finished (or given up). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function createNotifier(options: NotifierOptions): Notifier {
  const { config, secret, handoffs, clock, logger } = options;
  const fetcher = options.fetcher ?? createFetcher({ timeoutMs: 10_000, maxBytes: 64 * 1024, allow: config.allowPrivate ? ANYWHERE : [] });
  let closed = false;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));
  const pending = new Set<Promise<void>>();

  async function deliver(event: HandoffEvent): Promise<void> {
    const handoff = event.handoff ?? (await handoffs.current(event.userId)) ?? (await handoffs.latest(event.userId));
    const payload: WebhookPayload = {
      event: event.type,
      at: clock.now(),
      user: event.userId,
      handoff: handoff
        ? {
            state: handoff.state,
            reason: handoff.reason,
            openedBy: handoff.openedBy,
            openedAt: handoff.openedAt,
            assignee: handoff.assignee,
            lastUserAt: handoff.lastUserAt,
            lastAgentAt: handoff.lastAgentAt,
            closedBy: handoff.closedBy,
            returnTopic: handoff.returnTopic,
          }
        : null,
      ...(event.type === "message" && { message: { from: event.from, body: event.body, agent: event.agent ?? null } }),
      inbox: options.publicUrl ? `${options.publicUrl}/dashboard/inbox/${encodeURIComponent(event.userId)}` : null,
    };
    const body = JSON.stringify(config.format === "slack" ? { text: slackText(payload) } : payload);
    let wait = options.backoffMs ?? 1000;
    for (let attempt = 1; ; attempt++) {
      const timestamp = Math.floor(clock.now() / 1000);
      const response = await fetcher({
        method: "POST",
        url: config.url,
        headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signature(secret, timestamp, body), [EVENT_HEADER]: event.type },
        body,
      });
      if (response.status >= 200 && response.status < 300) return;
      const why = response.status === 0 ? (response.error ?? "no response") : `HTTP ${response.status}`;
      // A 4xx other than 408/429 will not get better by retrying.
      const final = attempt >= config.maxAttempts || (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429);
      if (final || closed) {
        logger.warn(
          { event: "handoff.webhook-failed", userId: event.userId, handoffEvent: event.type, attempts: attempt, error: why },
          `the handoff webhook (${event.type} for ${event.userId}) failed after ${attempt} attempt(s): ${why}; the team was not notified of this event. Check handoff.webhook.url and the receiver`,
        );
        return;
      }
      await sleep(wait);
      wait = Math.min(wait * 2, 60_000);
    }
  }

  return {
    notify(event) {
      if (closed) return;
      const p = deliver(event)
        .catch((error: unknown) => logger.warn({ event: "handoff.webhook-failed", error: String(error) }, `the handoff webhook failed: ${String(error)}`))
        .finally(() => pending.delete(p));
      pending.add(p);
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    async close() {
      closed = true;
      await Promise.race([Promise.all([...pending]), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    },
  };
}
