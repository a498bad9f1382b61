/**
 * @module Counting at the edges the server already has: the store a server uses, its conversation and its
 * engine I/O are wrapped once, so both databases are counted by the same code and no feature carries a
 * metrics argument.
 */
import type http from "node:http";
import type { EngineEnv } from "../../engine/types.ts";
import type { Store } from "../store/types.ts";
import type { Conversation } from "../inbound/conversation.ts";
import { MACRO_CPU_LIMIT, MACRO_DEADLINE, MACRO_MEMORY_LIMIT, MACRO_OUTPUT_LIMIT, MACRO_TIMEOUT, MACRO_VARIABLE_LIMIT } from "../adapters/macros.ts";
import type { RuntimeMetrics, WebhookRoute } from "./registry.ts";

/** Twilio's words for a message that will not change again (`read` follows `delivered` and is not counted twice). */
const FINAL = new Set(["delivered", "undelivered", "failed", "canceled", "partially_delivered"]);

const seconds = (startedNs: bigint) => Number(process.hrtime.bigint() - startedNs) / 1e9;

/** The store with its outbound transitions counted: a status callback's final word, failures, cancels, expiries, accepted sends. */
export function meteredStore<S extends Store>(store: S, metrics: RuntimeMetrics): S {
  return {
    ...store,
    async recordStatus(sid, event) {
      const result = await store.recordStatus(sid, event);
      if (result.found && result.advanced && FINAL.has(event.status)) metrics.outbound(event.status, event.errorCode);
      return result;
    },
    async markSent(id, update) {
      const done = await store.markSent(id, update);
      if (done) metrics.accepted();
      return done;
    },
    async markFailed(id, update) {
      const done = await store.markFailed(id, update);
      if (done) metrics.outbound("failed", update.errorCode);
      return done;
    },
    async cancelIfOptedOut(id, at) {
      const done = await store.cancelIfOptedOut(id, at);
      if (done) metrics.outbound("canceled", null);
      return done;
    },
    async markExpired(id, update) {
      const done = await store.markExpired(id, update);
      if (done) metrics.outbound("expired", null);
      return done;
    },
    async claimDue(options) {
      const claimed = await store.claimDue(options);
      for (const row of claimed.canceled) if (row.kind !== "reminder") metrics.outbound("canceled", null);
      return claimed;
    },
  };
}

/** Each step timed; each inbound row's outcome counted. */
export function meteredConversation(conversation: Conversation, metrics: RuntimeMetrics): Conversation {
  return {
    async runInbound(row) {
      const started = process.hrtime.bigint();
      const outcome = await conversation.runInbound(row);
      metrics.step("inbound", seconds(started));
      metrics.inbound(outcome);
      return outcome;
    },
    async fireReminder(row) {
      const started = process.hrtime.bigint();
      await conversation.fireReminder(row);
      metrics.step("reminder", seconds(started));
    },
  };
}

const LIMITS: Record<string, string> = {
  [MACRO_CPU_LIMIT]: "cpu",
  [MACRO_MEMORY_LIMIT]: "memory",
  [MACRO_OUTPUT_LIMIT]: "output",
  [MACRO_VARIABLE_LIMIT]: "variable",
  [MACRO_DEADLINE]: "deadline",
  [MACRO_TIMEOUT]: "timeout",
};

/** `$` calls and macros timed, failures and limit hits counted. */
export function meteredEnv(env: EngineEnv, metrics: RuntimeMetrics): EngineEnv {
  return {
    ...env,
    async fetcher(request) {
      const started = process.hrtime.bigint();
      const response = await env.fetcher(request);
      metrics.call(response.status >= 200 && response.status < 300, seconds(started));
      return response;
    },
    macros: {
      async call(name, args, api) {
        const started = process.hrtime.bigint();
        try {
          const value = await env.macros.call(name, args, api);
          metrics.macro(seconds(started), null);
          return value;
        } catch (error) {
          metrics.macro(seconds(started), LIMITS[(error as Error).message] ?? null);
          throw error;
        }
      },
    },
  };
}

/** The request handler with Twilio's two webhooks timed from arrival to the answer's last byte. */
export function timedWebhooks(handler: http.RequestListener, metrics: RuntimeMetrics): http.RequestListener {
  return (req, res) => {
    const route: WebhookRoute | null = req.method !== "POST" ? null : req.url === "/sms" ? "sms" : req.url === "/sms/status" ? "status" : null;
    if (route !== null) {
      const started = process.hrtime.bigint();
      res.once("finish", () => metrics.webhook(route, res.statusCode, seconds(started)));
    }
    handler(req, res);
  };
}
