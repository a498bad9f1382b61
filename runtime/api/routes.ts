/** @module The API's routes: broadcasts (dry run, create, status, cancel), the message log and users, JSON in and out. */
import express from "express";
import type { Logger } from "pino";
import type { BroadcastService } from "../broadcast/service.ts";
import { startPlanned } from "../broadcast/start.ts";
import { parseTime, TimeError } from "../broadcast/time.ts";
import type { LogQuery, LogRecord, LogType } from "../store/broadcasts/types.ts";
import { explainTwilioError } from "../twilio/index.ts";
import { BadParameter, idParam, intParam, timeInRange } from "../http/hygiene.ts";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const LOG_TYPES: readonly LogType[] = ["inbound", "response", "broadcast"];

export function apiRoutes(service: BroadcastService, logger: Logger): express.Router {
  const router = express.Router();
  const { broadcasts, clock } = service;

  const request = (body: unknown) => {
    const b = (body ?? {}) as Record<string, unknown>;
    if (typeof b.body !== "string") throw new ApiError(400, "body: required, the broadcast text (a reply body without the leading -)");
    const where = b.where === undefined ? [] : b.where;
    if (!Array.isArray(where) || where.some((w) => typeof w !== "string"))
      throw new ApiError(400, 'where: an array of filter expressions such as "_fromCountry = US"');
    if (b.rate !== undefined && (typeof b.rate !== "number" || !(b.rate > 0))) throw new ApiError(400, "rate: a number of messages per second above 0");
    let startAt: number | undefined;
    if (b.at !== undefined) {
      if (typeof b.at !== "string" && typeof b.at !== "number") throw new ApiError(400, "at: a time string or epoch ms");
      startAt = time(String(b.at), "at");
    }
    if (b.includeHandedOff !== undefined && typeof b.includeHandedOff !== "boolean")
      throw new ApiError(400, "includeHandedOff: true to send to users a person has now (an open handoff) too");
    return {
      body: b.body,
      where: where as string[],
      rate: (b.rate as number | undefined) ?? null,
      ...(startAt !== undefined && { startAt }),
      includeHandedOff: b.includeHandedOff === true,
    };
  };

  const time = (value: string, name: string): number => {
    try {
      return timeInRange(parseTime(value, clock.now(), name), name, value);
    } catch (error) {
      if (error instanceof TimeError || error instanceof BadParameter) throw new ApiError(400, error.message);
      throw error;
    }
  };

  const planned = async (body: unknown) => {
    const result = await service.plan(request(body), "api");
    if (result.type === "usage") throw new ApiError(400, result.message);
    if (result.type === "invalid-body") throw new ApiError(422, result.message, { diagnostics: result.diagnostics });
    return result.plan;
  };

  const idOf = (raw: string | string[] | undefined): number => {
    try {
      return idParam(raw, "broadcast id");
    } catch (error) {
      if (error instanceof BadParameter) throw new ApiError(400, error.message);
      throw error;
    }
  };

  router.post("/broadcasts/dry-run", async (req, res) => {
    const plan = await planned(req.body);
    res.json({ report: plan.report });
  });

  router.post("/broadcasts", async (req, res) => {
    const plan = await planned(req.body);
    if (plan.report.confirm !== null && (req.body as { confirm?: unknown } | undefined)?.confirm !== true)
      throw new ApiError(422, `${plan.report.confirm}. Nothing was created: send "confirm": true to create it anyway.`, { report: plan.report });
    // No lease: the runtime's broadcast worker adopts it and paces it into the outbox.
    const started = await startPlanned(broadcasts, plan, clock.now(), null);
    if (started.type === "refused") throw new ApiError(422, started.message, { report: plan.report });
    if (started.type === "duplicate") throw new ApiError(409, started.message, { broadcast: started.existing });
    logger.info(
      { event: "broadcast.created", broadcast: started.broadcast.id, recipients: started.broadcast.recipients },
      `broadcast ${started.broadcast.id} created through the API for ${started.broadcast.recipients} recipient(s)`,
    );
    res.status(201).json({ broadcast: started.broadcast, report: plan.report });
  });

  router.get("/broadcasts", async (_req, res) => {
    res.json({ broadcasts: await broadcasts.list() });
  });

  router.get("/broadcasts/:id", async (req, res) => {
    const id = idOf(req.params.id);
    const broadcast = await broadcasts.get(id);
    if (!broadcast) throw new ApiError(404, `no broadcast ${id}`);
    res.json({ broadcast, progress: await broadcasts.progress(id) });
  });

  router.post("/broadcasts/:id/cancel", async (req, res) => {
    const id = idOf(req.params.id);
    const broadcast = await broadcasts.get(id);
    if (!broadcast) throw new ApiError(404, `no broadcast ${id}`);
    if (!(await broadcasts.cancel(id, clock.now()))) throw new ApiError(409, `broadcast ${id} is already ${broadcast.state}; nothing to cancel`);
    res.json({ broadcast: await broadcasts.get(id), progress: await broadcasts.progress(id) });
  });

  router.get("/logs", async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const query: LogQuery = { newestFirst: true, limit: number(q, "limit", { fallback: 200, min: 1, max: 5000 }) };
    if (q.user) query.userId = q.user;
    if (q.since) query.since = time(q.since, "since");
    if (q.until) query.until = time(q.until, "until");
    if (q.status) query.status = q.status;
    if (q.q) query.text = q.q;
    if (q.type) {
      if (!(LOG_TYPES as readonly string[]).includes(q.type)) throw new ApiError(400, `type: one of ${LOG_TYPES.join(", ")}`);
      query.type = q.type as LogType;
    }
    res.json({ messages: (await broadcasts.searchLogs(query)).map(withExplanation) });
  });

  router.get("/users", async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const limit = number(q, "limit", { fallback: 50, min: 1, max: 1000 });
    const offset = number(q, "offset", { fallback: 0, min: 0, max: 1_000_000_000 });
    const { users, total } = await broadcasts.listUsers({ ...(q.search ? { search: q.search } : {}), limit, offset });
    res.json({
      total,
      users: users.map((u) => ({
        id: u.id,
        optedOut: u.optedOut,
        // The reason of the last opt-out or opt-in: only an opted-out user has an opt-out reason ("START" is not one).
        optOutReason: u.optedOut ? u.optOutReason : null,
        firstSeenAt: u.firstSeenAt,
        lastSeenAt: u.lastSeenAt,
        topic: u.session?.topic ?? "default",
        vars: u.session?.vars ?? {},
        meta: u.session?.meta ?? {},
      })),
    });
  });
  return router;
}

/** Query numbers through the shared validator, as API errors (400 JSON). */
function number(q: Record<string, unknown>, name: string, bounds: Parameters<typeof intParam>[2]): number {
  try {
    return intParam(q, name, bounds);
  } catch (error) {
    if (error instanceof BadParameter) throw new ApiError(400, error.message);
    throw error;
  }
}

export function withExplanation(record: LogRecord) {
  if (record.errorCode === null) return { ...record, error: null };
  const info = explainTwilioError(record.errorCode);
  return { ...record, error: { code: info.code, title: info.title, explanation: info.explanation, action: info.action } };
}
