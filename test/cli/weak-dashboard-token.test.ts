/** @module `bot run` refuses a guessable BOT_DASHBOARD_TOKEN at start (exit 2, before listening), saying how to make a good one. */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BOT_SOURCE } from "../support/cli.ts";

const faq = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../examples/faq");
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TWILIO_") && !k.startsWith("BOT_")));

describe("bot run with a weak dashboard token", () => {
  it.each([
    ["7391", /BOT_DASHBOARD_TOKEN is 4 characters; it must be at least 32 characters/],
    ["0".repeat(40), /BOT_DASHBOARD_TOKEN has low entropy/],
  ])(
    "refuses %s with exit 2 before listening",
    (token, why) => {
      const result = spawnSync(process.execPath, [...BOT_SOURCE, "run", faq, "--port", "0", "--db", ":memory:", "--log-level", "info"], {
        encoding: "utf8",
        timeout: 20_000,
        env: { ...cleanEnv, BOT_DASHBOARD_TOKEN: token },
      });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(why);
      expect(result.stderr).toMatch(/openssl rand -hex 32/);
      expect(result.stdout).not.toMatch(/listening|sandbox mode/);
    },
    30_000,
  );
});
