/** @module Twilio's REST API 2010-04-01, the Messages part: create, fetch and list. */
import express, { type ErrorRequestHandler, type NextFunction, type Request, type Response } from "express";
import { applyFault, takeFault } from "./faults.ts";
import { createOutbound } from "./create-message.ts";
import { admit } from "./metering.ts";
import { API_VERSION, restError, toResource, type RestError } from "./resource.ts";
import { takeRateToken, type EmulatorState } from "./state.ts";
import { isRestError, validateCreate, type FormParams } from "./validate-create.ts";
import type { DeliveryTracker } from "./delivery.ts";
import type { EmulatedMessage } from "./types.ts";

function sendError(res: Response, error: RestError): void {
  res.status(error.httpStatus).json(error.body);
}

/** HTTP Basic with the Account SID and Auth Token, for the account named in the path. */
function authenticate(state: EmulatorState) {
  return (req: Request<{ accountSid: string }>, res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? "";
    const decoded = header.startsWith("Basic ") ? Buffer.from(header.slice(6), "base64").toString("utf8") : "";
    const separator = decoded.indexOf(":");
    const user = decoded.slice(0, separator);
    const password = decoded.slice(separator + 1);
    if (separator < 0 || user !== state.accountSid || password !== state.authToken || req.params.accountSid !== state.accountSid) {
      res.setHeader("WWW-Authenticate", 'Basic realm="Twilio API"');
      return sendError(res, restError(20003, "Authenticate"));
    }
    next();
  };
}

function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

function dayOf(value: unknown): string | null {
  if (typeof value !== "string" || value === "") return null;
  const parsed = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(parsed) ? null : utcDay(parsed);
}

function listMessages(state: EmulatorState, query: Request["query"]): EmulatedMessage[] {
  const on = dayOf(query["DateSent"]);
  const before = dayOf(query["DateSent<"]);
  const after = dayOf(query["DateSent>"]);
  // Twilio lists newest first.
  return [...state.messages.values()].reverse().filter((m) => {
    if (typeof query["To"] === "string" && m.to !== query["To"]) return false;
    if (typeof query["From"] === "string" && m.from !== query["From"]) return false;
    const sent = m.dateSent === null ? null : utcDay(m.dateSent);
    if ((on || before || after) && sent === null) return false;
    if (on && sent !== on) return false;
    if (before && sent !== null && sent > before) return false;
    if (after && sent !== null && sent < after) return false;
    return true;
  });
}

function pageUri(base: string, query: Request["query"], page: number, pageSize: number): string {
  const params = new URLSearchParams();
  for (const key of ["To", "From", "DateSent", "DateSent<", "DateSent>"]) {
    const value = query[key];
    if (typeof value === "string") params.set(key, value);
  }
  params.set("PageSize", String(pageSize));
  params.set("Page", String(page));
  return `${base}?${params.toString()}`;
}

export function restRoutes(state: EmulatorState, delivery: DeliveryTracker): express.Router {
  const router = express.Router();
  const prefix = `/${API_VERSION}/Accounts/:accountSid`;
  router.use(prefix, authenticate(state));

  router.post(`${prefix}/Messages.json`, (req, res) => {
    const before = takeFault(state, "create", false);
    if (before) return applyFault(before, req, res, state);
    if (!takeRateToken(state)) return sendError(res, restError(20429, "Too Many Requests"));
    const plan = validateCreate(state, (req.body ?? {}) as FormParams);
    if (isRestError(plan)) return sendError(res, plan);
    const admission = admit(state, plan);
    if (admission.type === "refuse") return sendError(res, admission.error);
    const message = createOutbound(state, plan);
    message.releaseAt = admission.releaseAt;
    delivery.start(message, admission);
    const after = takeFault(state, "create", true);
    if (after) return applyFault(after, req, res, state);
    res.status(201).json(toResource(message));
  });

  router.get(`${prefix}/Messages/:sid.json`, (req, res) => {
    const fault = takeFault(state, "fetch", false);
    if (fault) return applyFault(fault, req, res, state);
    const message = state.messages.get(req.params.sid);
    if (!message) return sendError(res, restError(20404, `The requested resource ${req.path} was not found`));
    res.json(toResource(message));
  });

  router.get(`${prefix}/Messages.json`, (req, res) => {
    const fault = takeFault(state, "list", false);
    if (fault) return applyFault(fault, req, res, state);
    const pageSize = Math.min(Math.max(Number(req.query["PageSize"] ?? 50) || 50, 1), 1000);
    const page = Math.max(Number(req.query["Page"] ?? 0) || 0, 0);
    const all = listMessages(state, req.query);
    const slice = all.slice(page * pageSize, (page + 1) * pageSize);
    const base = `/${API_VERSION}/Accounts/${state.accountSid}/Messages.json`;
    const hasNext = (page + 1) * pageSize < all.length;
    res.json({
      messages: slice.map(toResource),
      start: page * pageSize,
      end: page * pageSize + Math.max(slice.length - 1, 0),
      page,
      page_size: pageSize,
      uri: pageUri(base, req.query, page, pageSize),
      first_page_uri: pageUri(base, req.query, 0, pageSize),
      next_page_uri: hasNext ? pageUri(base, req.query, page + 1, pageSize) : null,
      previous_page_uri: page > 0 ? pageUri(base, req.query, page - 1, pageSize) : null,
    });
  });

  router.use(`/${API_VERSION}`, (req, res) => {
    sendError(res, restError(20404, `The requested resource ${req.path} was not found`));
  });
  return router;
}

/** A body the parsers cannot read gets an answer in the caller's language instead of Express's HTML page. */
export function malformedRequest(state: EmulatorState): ErrorRequestHandler {
  return (error: { status?: number; message?: string }, req, res, _next) => {
    const status = typeof error.status === "number" && error.status >= 400 && error.status < 600 ? error.status : 500;
    state.log(`malformed request ${req.method} ${req.path}: ${error.message ?? String(error)}`);
    if (req.path.startsWith("/_emulator")) {
      res.status(status).json({ error: error.message ?? "malformed request" });
      return;
    }
    const body = restError(status >= 500 ? 20500 : 20001, error.message).body;
    res.status(status).json({ ...body, status });
  };
}
