/** @module The spool's settings from the environment: `BOT_SPOOL_DIR`, `BOT_SPOOL_MAX_MB`, `BOT_SPOOL_MAX_AGE_H`. */
import path from "node:path";

export interface SpoolSettings {
  /** Where spool files live (default `<bot folder>/.bot/spool`). */
  dir: string;
  /** This process's spool refuses more past this size (then webhooks get 503, as without a spool). */
  maxBytes: number;
  /** Entries older than this when the database is back are not run (a reply days late is worse than none). */
  maxAgeMs: number;
}

export const DEFAULT_SPOOL_MAX_MB = 64;
export const DEFAULT_SPOOL_MAX_AGE_H = 24;

export function spoolSettingsFromEnv(env: NodeJS.ProcessEnv, root: string): { ok: true; settings: SpoolSettings } | { ok: false; error: string } {
  const number = (name: string, fallback: number): number | string => {
    const raw = env[name]?.trim() ?? "";
    if (raw === "") return fallback;
    if (!/^\d+(\.\d+)?$/.test(raw) || Number(raw) <= 0) return `${name}=${JSON.stringify(raw)} is not a positive number`;
    return Number(raw);
  };
  const mb = number("BOT_SPOOL_MAX_MB", DEFAULT_SPOOL_MAX_MB);
  if (typeof mb === "string") return { ok: false, error: mb };
  const hours = number("BOT_SPOOL_MAX_AGE_H", DEFAULT_SPOOL_MAX_AGE_H);
  if (typeof hours === "string") return { ok: false, error: hours };
  const dir = env["BOT_SPOOL_DIR"]?.trim() || path.join(root, ".bot", "spool");
  return { ok: true, settings: { dir: path.resolve(dir), maxBytes: Math.round(mb * 1024 * 1024), maxAgeMs: hours * 3_600_000 } };
}
