/** @module The access token shared by the HTTP API and the dashboard: disabled without one, 401 for a wrong or missing one, compared in constant time. */
import { createHash, timingSafeEqual } from "node:crypto";

export type TokenCheck = "ok" | "disabled" | "missing" | "wrong";

export const TOKEN_ENV = "BOT_DASHBOARD_TOKEN";

/** The configured token (`BOT_DASHBOARD_TOKEN`), or null: then the API and the dashboard are off. */
export function tokenFromEnv(env: Record<string, string | undefined>): string | null {
  const token = env[TOKEN_ENV]?.trim();
  return token ? token : null;
}

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Hashing first makes the comparison constant-time whatever the lengths. */
export function checkToken(configured: string | null, given: string | null | undefined): TokenCheck {
  if (configured === null) return "disabled";
  if (!given) return "missing";
  return timingSafeEqual(digest(configured), digest(given)) ? "ok" : "wrong";
}

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? "");
  return match ? match[1]!.trim() : null;
}

const MIN_LENGTH = 32;
const HOW = "make one with: openssl rand -hex 32";

/**
 * Why `token` is too weak to guard broadcasts to every user, or null. The console may listen on every
 * interface, so a short or guessable token is refused at start rather than throttled into "safe enough".
 */
export function tokenProblem(token: string): string | null {
  if (token.length < MIN_LENGTH) return `${TOKEN_ENV} is ${token.length} characters; it must be at least ${MIN_LENGTH} characters (${HOW})`;
  const distinct = new Set(token).size;
  if (/^\d+$/.test(token) || distinct < 10)
    return `${TOKEN_ENV} has low entropy (${/^\d+$/.test(token) ? "digits only" : `only ${distinct} different characters`}); use a random secret (${HOW})`;
  return null;
}
