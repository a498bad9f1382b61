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
