/** @module `bot insights` on bad input (issue 24): no messages (says so, exit 0), a --since that does not parse (exit 2 with the forms), an unknown report (exit 2). */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSqliteStore } from "../../runtime/store/index.ts";
import { BOT_SOURCE } from "../support/cli.ts";
import { INSIGHTS_BOT } from "./fixture.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-insights-cli-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
fs.writeFileSync(path.join(dir, "shop.bot"), INSIGHTS_BOT);
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("BOT_") && k !== "DATABASE_URL"));
const bot = (...args: string[]) => spawnSync(process.execPath, [...BOT_SOURCE, "insights", ...args], { env, encoding: "utf8", timeout: 60_000 });

describe("bot insights on bad input", () => {
  it("says there are no messages and exits 0 on an empty database", async () => {
    const db = path.join(dir, "empty.db");
    await createSqliteStore(db).close();
    for (const report of ["missed", "triggers"]) {
      const result = bot(report, dir, "--db", db);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stderr).toContain("no inbound messages in the log for this period: nothing to report");
    }
    // The triggers report still lists every trigger, all never fired.
    expect(bot("triggers", dir, "--db", db).stdout).toMatch(/0 {2}\+ hello .*shop\.bot:2:1 {2}never fired/);
  }, 60_000);

  it("refuses a --since that does not parse with exit 2 and the accepted forms", () => {
    const result = bot("missed", dir, "--since", "last tuesday");
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--since "last tuesday" is not a time: use .*-2h/);
  }, 60_000);

  it("refuses an unknown report with exit 2", () => {
    const result = bot("popular", dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/"popular" is not a report: use bot insights missed <bot> or bot insights triggers <bot>/);
  }, 60_000);
});
