/** @module `/metrics` settings from the environment: `BOT_METRICS_PORT` (a separate listener) and `BOT_METRICS_TOKEN` (Bearer). */

export interface MetricsSettings {
  /** A port of its own for `/metrics` (0: any free one); null: served on the main port. */
  port: number | null;
  /** Required as `Authorization: Bearer …` when set. */
  token: string | null;
}

export function metricsSettingsFromEnv(env: NodeJS.ProcessEnv): { ok: true; settings: MetricsSettings } | { ok: false; error: string } {
  const rawPort = env["BOT_METRICS_PORT"]?.trim() ?? "";
  let port: number | null = null;
  if (rawPort !== "") {
    if (!/^\d{1,5}$/.test(rawPort) || Number(rawPort) > 65535)
      return {
        ok: false,
        error: `BOT_METRICS_PORT=${JSON.stringify(rawPort)} is not a port: give a number from 0 to 65535, or leave it unset to serve /metrics on the main port`,
      };
    port = Number(rawPort);
  }
  const token = env["BOT_METRICS_TOKEN"] ?? "";
  if (token !== "" && token.trim().length < 16)
    return { ok: false, error: "BOT_METRICS_TOKEN is shorter than 16 characters: use a random one, e.g. openssl rand -hex 24" };
  return { ok: true, settings: { port, token: token === "" ? null : token.trim() } };
}
