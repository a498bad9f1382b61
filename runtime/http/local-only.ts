/**
 * @module The guard for development tools that hand out conversations or act as any phone (the emulator's
 * control API, the simulator's API): only this machine's own callers, or a caller holding the token.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?$/i;
const digest = (value: string) => createHash("sha256").update(value).digest();

export interface LocalOnlyOptions {
  /** The token that lets any caller in (`Authorization: Bearer <token>` or `X-Emulator-Token`); null: none yet. */
  token: () => string | null | Promise<string | null>;
  /** The one web origin whose pages may call; absent: the origin the request's own loopback `Host` names. */
  ownOrigin?: string;
  /** What the tool is called in the refusal, e.g. "the emulator's control API". */
  name: string;
  log: (line: string) => void;
}

/** Why a request is not from this machine's own tools, or null when it is. */
export function foreignReason(req: Request, ownOrigin?: string): string | null {
  const host = req.get("host") ?? "";
  // A DNS-rebinding page reaches a loopback port under its own name: the Host header still says that name.
  if (!LOOPBACK_HOST.test(host)) return `Host "${host.slice(0, 60)}" is not this machine's loopback address`;
  const origin = req.get("origin");
  const own = ownOrigin ?? `http://${host.toLowerCase()}`;
  if (origin !== undefined && origin.toLowerCase() !== own.toLowerCase()) return `it came from a page on ${origin.slice(0, 80)}`;
  // same-site covers another port of the same host: still another page.
  const site = req.get("sec-fetch-site");
  if (site !== undefined && site !== "same-origin" && site !== "none") return `the browser marked it ${site.slice(0, 20)}`;
  return null;
}

function givenToken(req: Request): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(req.get("authorization") ?? "")?.[1]?.trim() ?? req.get("x-emulator-token");
}

/**
 * Lets a request through when it carries the token, or when it is not from another web origin: a `Host` on
 * loopback (no DNS rebinding), and no `Origin` or `Sec-Fetch-Site` saying a page elsewhere sent it (tests,
 * curl and server-side callers send neither). Send no CORS headers with it, so a foreign page cannot read an
 * answer either. Refusals are 403 JSON with a log line naming the rule.
 */
export function localOnly({ token, ownOrigin, name, log }: LocalOnlyOptions): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const why = foreignReason(req, ownOrigin);
    if (why === null) return next();
    const given = givenToken(req);
    void Promise.resolve(given ? token() : null)
      .catch(() => null)
      .then((expected) => {
        if (given && expected && timingSafeEqual(digest(given), digest(expected))) return next();
        log(
          `refused ${req.method} ${req.originalUrl.slice(0, 120)} with 403 (local-only rule): ${why}. Send Authorization: Bearer <the emulator's auth token> to use ${name} from elsewhere.`,
        );
        res.status(403).json({ error: `${name} is for local tools only (${why}); send Authorization: Bearer <the emulator's auth token>` });
      });
  };
}
