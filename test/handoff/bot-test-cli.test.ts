/** @module `bot test` as a process with handoff steps (docs/transcripts.md): `close: true` returns to bot.config.yaml's `handoff.returnTopic`, and `handoff.returnKeyword` hands back. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BOT_SOURCE } from "../support/cli.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-test-handoff-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const BOT = "+ agent\n- Connecting you. ^notifyAgent()\n\n+ *\n- bot answer\n\n> topic booking\n+ *\n- booking for <star>\n< topic\n";
const TRANSCRIPT = `bot: .
tests:
  - name: close returns to the configured topic
    steps:
      - say: agent
        expect: Connecting you.
      - say: hello?
        expect: { none: true }
      - agent: Hi from Kim
        expect: Hi from Kim
      - close: true
        topic: booking
      - say: friday
        expect: booking for friday
  - name: the return keyword hands back
    steps:
      - say: agent
      - say: bot
        expect: { none: true }
        topic: booking
`;

const run = () =>
  spawnSync(process.execPath, [...BOT_SOURCE, "test", path.join(dir, "flow.test.yaml")], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

describe("bot test with handoff steps (process)", () => {
  it("reads handoff: of bot.config.yaml", () => {
    fs.writeFileSync(path.join(dir, "bot.bot"), BOT);
    fs.writeFileSync(path.join(dir, "flow.test.yaml"), TRANSCRIPT);
    fs.writeFileSync(path.join(dir, "bot.config.yaml"), "handoff:\n  returnTopic: booking\n  returnKeyword: BOT\n");
    const passed = run();
    expect(passed.status, passed.stdout + passed.stderr).toBe(0);
    expect(passed.stdout).toContain("2 passed");
    // Without the section: back to default, and BOT is an ordinary message the bot does not see.
    fs.rmSync(path.join(dir, "bot.config.yaml"));
    const failed = run();
    expect(failed.status).toBe(1);
    expect(failed.stdout).toMatch(/topic: expected "booking", got "default"/);
  }, 60_000);
});
