/** The drain's settings from the environment: defaults, a grace that fits inside the timeout, clear refusals. */
import { describe, expect, it } from "vitest";
import { drainSettingsFromEnv } from "./drain.ts";

describe("drainSettingsFromEnv", () => {
  it.each([
    [{}, { graceMs: 5000, timeoutMs: 25_000 }],
    [{ BOT_SHUTDOWN_TIMEOUT_S: "4" }, { graceMs: 2000, timeoutMs: 4000 }],
    [
      { BOT_SHUTDOWN_TIMEOUT_S: "60", BOT_SHUTDOWN_GRACE_S: "15" },
      { graceMs: 15_000, timeoutMs: 60_000 },
    ],
    [{ BOT_SHUTDOWN_GRACE_S: "0" }, { graceMs: 0, timeoutMs: 25_000 }],
    [{ BOT_SHUTDOWN_GRACE_S: "0.5" }, { graceMs: 500, timeoutMs: 25_000 }],
  ])("%j reads as %j", (env, settings) => {
    expect(drainSettingsFromEnv(env)).toEqual({ ok: true, settings });
  });
  it.each([
    [{ BOT_SHUTDOWN_TIMEOUT_S: "soon" }, /BOT_SHUTDOWN_TIMEOUT_S="soon" is not a number of seconds/],
    [{ BOT_SHUTDOWN_TIMEOUT_S: "0" }, /1 or more/],
    [{ BOT_SHUTDOWN_GRACE_S: "-1" }, /BOT_SHUTDOWN_GRACE_S="-1"/],
    [{ BOT_SHUTDOWN_GRACE_S: "30" }, /must be shorter than BOT_SHUTDOWN_TIMEOUT_S \(25\)/],
  ])("%j is refused", (env, message) => {
    const result = drainSettingsFromEnv(env);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});
