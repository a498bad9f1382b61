/**
 * @module One keyword layer, four runners: the same conversations (STOP, START, HELP, messages while opted out, a
 * reminder canceled by STOP) through `bot chat --jsonl`, `bot test`, and `bot run`'s server with the Twilio emulator
 * (the path the simulator's phone uses) give the same bot messages and the same opt-out state, step by step.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { runTests } from "../../bin/commands/test.ts";
import { loadRunnableBot } from "../../bin/load-bot.ts";
import { loadConfig as loadBotConfig } from "../../runtime/bot-config.ts";
import { resolveHelpMode } from "../../sms/keywords/index.ts";
import { BOT_SOURCE } from "../support/cli.ts";
import { ALICE, startHarness, type Harness } from "../runtime/harness.ts";

const BOT = `+ hello
- Hi there!

+ remind me
- ok, in a minute ^reminder(nap, "wake up!", +1m)

+ help
- bot help text

+ yes
- you said yes

+ *
- You said: <star>
`;

type Step = { say: string; replies: string[]; optedOut: boolean } | { advance: number; replies: string[]; optedOut: boolean };

interface Scenario {
  name: string;
  /** `runtime.help` in the bot's bot.config.yaml (absent: the default, twilio). */
  help?: "twilio" | "bot";
  steps: Step[];
}

const SCENARIOS: Scenario[] = [
  {
    name: "STOP silences everything until START",
    steps: [
      { say: "remind me", replies: ["ok, in a minute"], optedOut: false },
      { say: "STOP", replies: [], optedOut: true },
      { advance: 120_000, replies: [], optedOut: true },
      { say: "hello", replies: [], optedOut: true },
      { say: "HELP", replies: [], optedOut: true },
      { say: "start", replies: [], optedOut: false },
      { say: "hello", replies: ["Hi there!"], optedOut: false },
      { say: "yes", replies: ["you said yes"], optedOut: false },
    ],
  },
  {
    name: "every opt-out keyword, any case, and not a keyword inside a sentence",
    steps: [
      { say: "  Unsubscribe ", replies: [], optedOut: true },
      { say: "UNSTOP", replies: [], optedOut: false },
      { say: "revoke", replies: [], optedOut: true },
      { say: "Yes", replies: [], optedOut: false },
      { say: "stop please", replies: ["You said: stop please"], optedOut: false },
    ],
  },
  {
    name: "HELP and INFO are Twilio's by default",
    steps: [
      { say: "HELP", replies: [], optedOut: false },
      { say: "info", replies: [], optedOut: false },
      { say: "help me", replies: ["You said: help me"], optedOut: false },
    ],
  },
  {
    name: "runtime.help: bot lets the bot answer HELP",
    help: "bot",
    steps: [
      { say: "help", replies: ["bot help text"], optedOut: false },
      { say: "STOP", replies: [], optedOut: true },
      { say: "help", replies: [], optedOut: true },
    ],
  },
];

function botFolder(scenario: Scenario): string {
  const dir = mkdtempSync(join(tmpdir(), "bot-keywords-"));
  writeFileSync(join(dir, "bot.bot"), BOT);
  if (scenario.help) writeFileSync(join(dir, "bot.config.yaml"), `runtime:\n  help: ${scenario.help}\n`);
  return dir;
}

const expected = (scenario: Scenario) => scenario.steps.map((s) => ({ replies: s.replies, optedOut: s.optedOut }));

/** `bot chat --jsonl`: the messages each input line released, and the opt-out state its keyword events report. */
function viaChat(dir: string, scenario: Scenario) {
  const input = scenario.steps.map((s) => JSON.stringify("say" in s ? { from: ALICE, body: s.say } : { advance: s.advance })).join("\n") + "\n";
  const run = spawnSync(process.execPath, [...BOT_SOURCE, "chat", dir, "--jsonl"], { input, encoding: "utf8", env: { ...process.env, BOT_HELP: "" } });
  expect(run.stderr).toBe("");
  const lines = run.stdout
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { in: number; released?: number; body?: string; event?: string; optedOut?: boolean });
  let optedOut = false;
  return scenario.steps.map((_, i) => {
    const event = lines.find((l) => l.event !== undefined && l.in === i);
    if (event) optedOut = event.optedOut!;
    return { replies: lines.filter((l) => l.body !== undefined && l.released === i).map((l) => l.body!), optedOut };
  });
}

/** `bot run`'s conversation and dispatcher against the emulator: what the simulator's phone receives. */
async function viaServer(dir: string, scenario: Scenario): Promise<{ replies: string[]; optedOut: boolean }[]> {
  const loaded = loadRunnableBot(dir);
  // The help mode as `bot run` resolves it (no BOT_HELP set).
  const help = resolveHelpMode({}, loadBotConfig(dir).config.runtime).mode;
  h = await startHarness({ ir: loaded.ir, config: { help } });
  const out = [];
  let seen = 0;
  for (const step of scenario.steps) {
    if ("say" in step) await h.text(ALICE, step.say);
    else h.clock.advance(step.advance);
    await h.tick();
    await h.tick();
    const all = h.received(ALICE);
    out.push({ replies: all.slice(seen), optedOut: (await h.store.getUser(ALICE))?.optedOut ?? false });
    seen = all.length;
  }
  return out;
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe.each(SCENARIOS)("$name", (scenario) => {
  it("bot chat --jsonl", () => {
    expect(viaChat(botFolder(scenario), scenario)).toEqual(expected(scenario));
  });

  it("bot run (the server and the simulator's path through the emulator)", async () => {
    expect(await viaServer(botFolder(scenario), scenario)).toEqual(expected(scenario));
  });

  it("bot test: a transcript asserting each step's messages and optedOut passes", async () => {
    const dir = botFolder(scenario);
    const steps = scenario.steps.map((s) => ({ ...("say" in s ? { say: s.say } : { advance: s.advance }), expect: s.replies, optedOut: s.optedOut }));
    const file = join(dir, "keywords.test.yaml");
    writeFileSync(file, stringify({ bot: ".", tests: [{ name: scenario.name, steps }] }));
    const { output, exitCode } = await runTests([file]);
    expect(output).toContain("1 passed (1 file)");
    expect(exitCode).toBe(0);
  });
});

describe("bot test reports a keyword the bot never saw", () => {
  it("explains why a HELP step got no bot message, and names the opt-out state that differs", async () => {
    const dir = botFolder({ name: "x", steps: [] });
    mkdirSync(join(dir, "t"));
    const file = join(dir, "t", "help.test.yaml");
    writeFileSync(
      file,
      `bot: ..
tests:
  - name: expects the bot's help
    steps:
      - say: HELP
        expect: bot help text
  - name: expects STOP to keep the user in
    steps:
      - say: STOP
        optedOut: false
`,
    );
    const { output, exitCode } = await runTests([file]);
    expect(exitCode).toBe(1);
    expect(output).toContain("expected 1 message, got 0");
    expect(output).toContain("note: HELP is answered by Twilio with the number's help text, so the bot does not run (runtime.help: twilio");
    expect(output).toContain("optedOut: expected +15550001111 to be opted in, but they are opted out");
  });

  it("a transcript's help: key overrides the bot's runtime.help", async () => {
    const dir = botFolder({ name: "x", help: "twilio", steps: [] });
    const file = join(dir, "help.test.yaml");
    writeFileSync(file, `bot: .\nhelp: bot\ntests:\n  - name: bot answers\n    steps:\n      - say: help\n        expect: bot help text\n`);
    expect((await runTests([file])).exitCode).toBe(0);
  });
});

describe("docs/transcripts.md", () => {
  it("its opt-out example passes as written", async () => {
    const doc = readFileSync(new URL("../../docs/transcripts.md", import.meta.url), "utf8");
    const example = /```yaml\n# opt-out\.test\.yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const file = join(mkdtempSync(join(tmpdir(), "bot-keywords-")), "opt-out.test.yaml");
    writeFileSync(file, example!);
    const { output, exitCode } = await runTests([file]);
    expect(output).toContain("2 passed (1 file)");
    expect(exitCode).toBe(0);
  });
});
