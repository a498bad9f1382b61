/**
 * @module A handoff flow tested like any other (docs/transcripts.md): transcript steps `agent:` and `close:`
 * pass in the transcript runner, and the local runtime (bot test, bot chat) gives the same messages, in the
 * same order, as the SMS runtime (real emulator, real SQLite) for the same script and the same actions.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import { createLocalRuntime } from "../../sandbox/local/index.ts";
import { parseTranscript } from "../../sandbox/local/transcript/load.ts";
import { runTestCase } from "../../sandbox/local/transcript/run.ts";
import { ALICE, startHarness, T0 } from "../runtime/harness.ts";
import type { Harness } from "../runtime/harness.ts";

const SCRIPT = `
+ hello
- Hi there!

+ (agent|person)
- Connecting you to a person. ^notifyAgent(asked for a person)

+ *
- bot answer

> topic booking
+ *
- booking for <star>
< topic
`;

type Action = { say: string } | { agent: string } | { close: string; message?: string };

/** One flow, three ways: the user asks for a person, writes meanwhile, an operator answers and closes to a topic. */
const FLOW: Action[] = [
  { say: "hello" },
  { say: "agent" },
  { say: "is anyone there?" },
  { agent: "Hi, Kim here. What day suits you?" },
  { say: "friday please" },
  { agent: "Noted." },
  { close: "booking", message: "The bot takes your booking now." },
  { say: "friday" },
  { say: "STOP" },
];

const TRANSCRIPT = `script: |
${SCRIPT.split("\n")
  .map((l) => `  ${l}`)
  .join("\n")}
user: "${ALICE}"
tests:
  - name: an operator answers and hands back to the booking topic
    steps:
      - say: hello
        expect: Hi there!
      - say: agent
        expect: Connecting you to a person.
        topic: human
      - say: is anyone there?
        expect: { none: true }
      - agent: Hi, Kim here. What day suits you?
        expect: Hi, Kim here. What day suits you?
      - say: friday please
        expect: { none: true }
      - agent: Noted.
        expect: Noted.
      - close: { topic: booking, message: The bot takes your booking now. }
        expect: The bot takes your booking now.
        topic: booking
      - say: friday
        expect: booking for friday
`;

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe("handoff transcripts", () => {
  it("pass in the transcript runner with agent: and close: steps", async () => {
    const loaded = parseTranscript("flow.test.yaml", TRANSCRIPT);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const { ir, diagnostics } = compile([{ path: "bot.bot", text: SCRIPT }]);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const result = await runTestCase(ir, os.tmpdir(), loaded.transcript.tests[0]!);
    expect(result.failure).toBeNull();
    expect(result.passed).toBe(true);
  });

  it("fail on an agent step when the user is not handed off, and refuse steps that do two things", async () => {
    const wrong = `script: |\n  + *\n  - bot answer\ntests:\n  - name: nobody handed off\n    steps:\n      - say: hi\n      - agent: hello from an operator\n`;
    const loaded = parseTranscript("flow.test.yaml", wrong);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const { ir } = compile([{ path: "bot.bot", text: SCRIPT }]);
    const result = await runTestCase(ir, os.tmpdir(), loaded.transcript.tests[0]!);
    expect(result.failure?.details.join("\n")).toMatch(/agent: refused: .* is not handed to a person/);
    const both = parseTranscript("bad.test.yaml", TRANSCRIPT.replace("      - agent: Noted.\n", "      - agent: Noted.\n        say: hi\n"));
    expect(both.ok).toBe(false);
  });

  it("give the same messages as the SMS runtime for the same script", async () => {
    const { ir } = compile([{ path: "bot.bot", text: SCRIPT }]);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "handoff-transcript-"));
    const local = createLocalRuntime({ ir, root, startTime: T0 });
    const fromLocal: string[] = [];
    for (const action of FLOW) {
      if ("say" in action) fromLocal.push(...(await local.receive({ from: ALICE, body: action.say })).delivered.map((d) => d.body));
      else if ("agent" in action) {
        const sent = await local.agent(ALICE, action.agent);
        if ("ok" in sent) throw new Error(sent.reason);
        fromLocal.push(sent.body);
      } else {
        const sent = await local.closeHandoff(ALICE, action.close, action.message ?? null);
        if ("ok" in sent) throw new Error(sent.reason);
        fromLocal.push(...sent.map((d) => d.body));
      }
    }

    h = await startHarness({ ir, root });
    const service = h.server.handoff.service!;
    for (const action of FLOW) {
      if ("say" in action) await h.text(ALICE, action.say);
      else if ("agent" in action) expect((await service.reply(ALICE, { body: action.agent })).status).toBe(202);
      else expect((await service.close(ALICE, { returnTopic: action.close, message: action.message })).status).toBe(200);
      await h.tick();
      await h.tick();
    }
    expect(fromLocal).toEqual([
      "Hi there!",
      "Connecting you to a person.",
      "Hi, Kim here. What day suits you?",
      "Noted.",
      "The bot takes your booking now.",
      "booking for friday",
    ]);
    expect(h.received(ALICE)).toEqual(fromLocal);
    expect(local.handoff(ALICE)).toBeNull();
  }, 60_000);
});
