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
