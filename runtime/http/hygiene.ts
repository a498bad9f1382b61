/** @module Web hygiene shared by every route: security headers, single-valued query parameters, validated and capped numbers. */
import type { RequestHandler } from "express";
import helmet from "helmet";
import type { Logger } from "pino";

/**
 * Helmet's headers (CSP, `X-Frame-Options`, `nosniff`, referrer policy …). Media shown by the simulator
 * may live on any http(s) host, so images are allowed from there; HSTS and upgrading requests only
 * make sense when the public URL is https.
 */
export function securityHeaders(publicUrl: string | null): RequestHandler {
  const https = publicUrl?.startsWith("https:") ?? false;
  return helmet({
    contentSecurityPolicy: {
      directives: {
        "img-src": ["'self'", "data:", "http:", "https:"],
        "upgrade-insecure-requests": https ? [] : null,
      },
    },
    strictTransportSecurity: https,
    xFrameOptions: { action: "deny" },
  });
}

/** Thrown by a route for a parameter it cannot use; answered 400 with JSON. */
export class BadParameter extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BadParameter";
  }
}

/**
 * Refuses repeated (`?user=a&user=b`) or nested query parameters with 400 and JSON before any route
 * reads them: routes then see plain strings only.
 */
export function singleQuery(logger: Logger): RequestHandler {
  return (req, res, next) => {
    for (const [key, value] of Object.entries(req.query)) {
      if (typeof value === "string") continue;
      const error = `query parameter ${JSON.stringify(key.slice(0, 40))} is given more than once or is not plain text; give it once`;
      logger.warn(
        { event: "request.rejected", status: 400, path: req.path, parameter: key.slice(0, 40), ip: req.ip },
        `${req.method} ${req.path} answered 400: ${error}`,
      );
      res.status(400).json({ error });
      return;
    }
    next();
  };
}

/**
 * A whole-number query parameter: absent → `fallback`; not a whole number or below `min` → BadParameter;
 * above `max` → `max` (the cap is the documented page size, not an error).
 */
export function intParam(query: Record<string, unknown>, name: string, { fallback, min, max }: { fallback: number; min: number; max: number }): number {
  const raw = query[name];
  if (raw === undefined || raw === "") return fallback;
  const text = String(raw).trim();
  const value = /^-?\d{1,15}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value < min)
    throw new BadParameter(`${name}: a whole number of at least ${min} (at most ${max}), got ${JSON.stringify(text.slice(0, 20))}`);
  return Math.min(value, max);
}

/**
 * A record id in a path (`/broadcasts/:id`): 1 to 15 digits, at least 1. Anything else (`1e21`, twenty
 * digits, `-1`) is a BadParameter, never handed to the database, where a number past bigint is an error.
 */
export function idParam(raw: unknown, name: string): number {
  const text = String(raw ?? "");
  const value = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  if (!(value >= 1)) throw new BadParameter(`${name} ${JSON.stringify(text.slice(0, 30))} is not a whole number from 1 to 999999999999999`);
  return value;
}

/** Latest and earliest epoch ms a JavaScript Date holds; the stores' bigint columns hold more. */
export const MAX_TIME_MS = 8.64e15;

/** A parsed time (epoch ms) a store can take: finite and within a Date's range, else a BadParameter naming the parameter. */
export function timeInRange(ms: number, name: string, text: string): number {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_TIME_MS)
    throw new BadParameter(`${name} ${JSON.stringify(text.slice(0, 30))} is out of range: give a time within the years -271821 to 275760`);
  return ms;
}

/**
 * Where a request carries U+0000 (its URL, decoded or not, or a key or string of its parsed body), or null.
 * PostgreSQL's text cannot hold NUL, so one would fail the query; no parameter of ours needs it.
 */
export function nulIn(req: { originalUrl: string; body?: unknown }): string | null {
  if (/%00|\0/i.test(req.originalUrl)) return "the URL";
  // Iterative: a deeply nested JSON body must not overflow the stack here.
  const stack: [unknown, string][] = [[req.body, "body"]];
  while (stack.length > 0) {
    const [value, at] = stack.pop()!;
    if (typeof value === "string") {
      if (value.includes("\0")) return at;
    } else if (typeof value === "object" && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        if (key.includes("\0")) return `a key of ${at}`;
        stack.push([inner, `${at}.${key.slice(0, 30)}`]);
      }
    }
  }
  return null;
}
