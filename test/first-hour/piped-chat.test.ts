/**
 * Piped `bot chat` tells the truth (issue 27, item 4): one line per event (no prompts running together), a delayed
 * part cancelled by the next line is shown as cancelled, and /advance is confirmed. The bot is the README's
 * "A first bot", taken from the README itself.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { createLocalRuntime } from "../../sandbox/local/index.ts";
import { compile } from "../../compiler/index.ts";
import { BOT_SOURCE } from "../support/cli.ts";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const firstBot = /```\n\/\/ hello\.bot\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
const dir = mkdtempSync(join(tmpdir(), "bot-piped-chat-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, "hello.bot"), firstBot);

it("the README's first bot, piped: one line per event, the cancelled part shown, /advance confirmed", () => {
  expect(firstBot).toContain("Text MENU any time.");
  const r = spawnSync(process.execPath, [...BOT_SOURCE, "chat", "hello.bot"], {
    cwd: dir,
    input: "my name is ada\nmenu\n/advance 1d\nhours\n",
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  expect(r.stderr).toBe("");
  expect(r.stdout.split("\n")).toEqual([
    "chatting as +15550001111; /help for commands, Ctrl-D to quit",
    "you> my name is ada",
    "bot> Nice to meet you, Ada!",
    "bot is typing…",
    "you> menu",
    '(cancelled: "Text MENU any time." — a new message arrived)',
    "bot> Here's what I can do:",
    "     1) Hours",
    "     2) Say hello",
    "you> /advance 1d",
    "(advanced 1d)",
    "you> hours",
    "bot> We're open 9 to 5, Monday to Friday.",
    "",
  ]);
  expect(r.status).toBe(0);
});

it("the local runtime reports what a message cancelled, and what an opt-out dropped", async () => {
  const { ir } = compile([{ path: "hello.bot", text: firstBot }]);
  const runtime = createLocalRuntime({ ir, root: dir, seed: 1, startTime: 0 });
  const user = "+15550001111";
  expect((await runtime.receive({ from: user, body: "my name is ada" })).canceled).toEqual([]);
  expect((await runtime.receive({ from: user, body: "hours" })).canceled).toEqual([{ to: user, body: "Text MENU any time.", reason: "new-message" }]);
  await runtime.receive({ from: user, body: "my name is bo" });
  expect((await runtime.receive({ from: user, body: "STOP" })).canceled).toEqual([{ to: user, body: "Text MENU any time.", reason: "opted-out" }]);
});
