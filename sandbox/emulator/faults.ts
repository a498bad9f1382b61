/** @module Injected misbehaviour for the REST API: error statuses, requests that hang, dropped connections. */
import type { Request, Response } from "express";
import { restError } from "./resource.ts";
import type { EmulatorState } from "./state.ts";
import type { Fault, FaultRoute } from "./types.ts";

export function addFault(state: EmulatorState, fault: Fault): void {
  const times = fault.times ?? 1;
  if (!Number.isInteger(times) || times < 1) throw new Error(`fault.times must be a positive integer, got ${String(fault.times)}`);
  state.faults.push({ ...fault, remaining: times });
}

/** The first pending fault for this route and phase, consumed by one use. */
export function takeFault(state: EmulatorState, route: Exclude<FaultRoute, "any">, afterCreate: boolean): Fault | null {
  const index = state.faults.findIndex((f) => ((f.route ?? "create") === route || f.route === "any") && (f.afterCreate ?? false) === afterCreate);
  const fault = state.faults[index];
  if (!fault) return null;
  fault.remaining--;
  if (fault.remaining <= 0) state.faults.splice(index, 1);
  return fault;
}

const STATUS_CODES: Record<number, number> = { 429: 20429, 500: 20500, 502: 20500, 503: 20500 };

export function applyFault(fault: Fault, req: Request, res: Response, state: EmulatorState): void {
  state.log(`fault ${fault.type}${fault.type === "status" ? ` ${fault.status}` : ""} on ${req.method} ${req.path}`);
  switch (fault.type) {
    case "status": {
      const error = restError(STATUS_CODES[fault.status] ?? 20500);
      res.status(fault.status).json({ ...error.body, status: fault.status });
      return;
    }
    case "hang":
      // Never answer; close() ends the socket.
      return;
    case "close":
      req.socket.destroy();
      return;
    default: {
      const _exhaustive: never = fault;
      throw new Error(`unknown fault ${JSON.stringify(_exhaustive)}`);
    }
  }
}
