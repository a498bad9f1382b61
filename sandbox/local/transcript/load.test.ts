/** @module Transcript loader tests: defaults, step lines, schema errors with positions, durations. */
import { describe, expect, it } from "vitest";
import { parseTranscript } from "./load.ts";
import { parseDuration } from "./duration.ts";

const errorsOf = (text: string) => {
  const r = parseTranscript("t.test.yaml", text);
  return r.ok ? [] : r.errors.map((e) => `${e.line}:${e.column} ${e.message}`);
};

describe("parseTranscript", () => {
  it("fills defaults and records the line of each step", () => {
    const r = parseTranscript(
      "dir/t.test.yaml",
      `bot: ./a.bot
seed: 4
now: 2026-01-01T09:00:00Z
http:
  "https://x.test/a": { status: 200, json: { a: 1 } }
tests:
  - name: first
    steps:
      - say: hi
        expect: Hello
      - advance: 1h30m
        expect: { none: true }
      - vars: { n: 1, gone: null }
        topic: default
  - name: second
    user: "+15550002222"
    seed: 9
    http:
      "https://x.test/b": { error: boom }
    steps:
      - say: hi
        media: [pic.png]
        expect: ["a", { regex: "b", media: [] }]
`,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [first, second] = r.transcript.tests;
    expect(r.transcript.dir).toBe("dir");
    expect(r.transcript.source).toEqual({ type: "path", path: "./a.bot", line: 1 });
    expect(first).toMatchObject({ name: "first", line: 7, seed: 4, now: Date.UTC(2026, 0, 1, 9) });
    expect(first!.steps.map((s) => s.line)).toEqual([9, 11, 13]);
    expect(first!.steps[0]).toMatchObject({ user: "+15550001111", action: { type: "say", text: "hi", media: [] }, expect: [{ body: "Hello" }] });
    expect(first!.steps[1]).toMatchObject({ action: { type: "advance", ms: 5_400_000 }, expect: [] });
    expect(first!.steps[2]).toMatchObject({ action: null, vars: { n: "1", gone: null }, topic: "default" });
    expect(second!.seed).toBe(9);
    expect(Object.keys(second!.http)).toEqual(["https://x.test/a", "https://x.test/b"]);
    expect(second!.steps[0]).toMatchObject({ user: "+15550002222", action: { media: ["pic.png"] }, expect: [{ body: "a" }, { regex: "b", media: [] }] });
  });

  it("names file, line and column for schema problems, with readable messages", () => {
    expect(
      errorsOf(`bot: ./a.bot
tests:
  - name: a
    steps:
      - sya: hi
      - say: x
        expect: 3
      - say: y
        advance: 3s
      - advance: 3 parsecs
`),
    ).toEqual([
      '5:9 tests[0].steps[0]: unknown key "sya" (expected one of: say, media, user, advance, expect, vars, set, topic, optedOut, note, agent, close)',
      "7:17 tests[0].steps[1].expect: expect must be a string, a list of messages, { none: true }, or a matcher ({ body, contains, regex, oneOf, media, to })",
      "8:9 tests[0].steps[2]: a step either says something or advances the clock, not both",
      '10:18 tests[0].steps[3].advance: a duration is milliseconds (3000) or a string such as "500ms", "3s", "10m", "2h", "1d", "1h30m"',
    ]);
  });

  it("reads optedOut as a step check and help as the file's HELP mode", () => {
    const r = parseTranscript(
      "t.test.yaml",
      "bot: a\nhelp: bot\ntests:\n  - name: a\n    steps:\n      - say: STOP\n        expect: []\n        optedOut: true\n",
    );
    expect(r.ok && r.transcript.help).toBe("bot");
    expect(r.ok && r.transcript.tests[0]!.steps[0]).toMatchObject({ expect: [], optedOut: true });
  });

  it("says where optedOut goes when it is written inside expect, and lists the help modes", () => {
    expect(
      errorsOf(`bot: ./a.bot
help: yes
tests:
  - name: a
    steps:
      - say: STOP
        expect: { optedOut: true }
      - say: hi
        expect: ["hello", { optedOut: false }]
`),
    ).toEqual([
      '2:7 help: help is "twilio" (Twilio answers HELP and INFO, the bot does not run) or "bot" (the bot answers)',
      '7:29 tests[0].steps[0].expect: "optedOut" checks the user, not a message: write it beside expect, as its own key of the step ("optedOut: true"), and "expect: []" for no message',
      '9:39 tests[0].steps[1].expect[1]: "optedOut" checks the user, not a message: write it beside expect, as its own key of the step ("optedOut: true"), and "expect: []" for no message',
    ]);
    expect(errorsOf("bot: a\nhelp: yes\ntests:\n  - name: a\n    steps: [{ say: hi, optedOut: maybe }]\n")).toEqual([
      '2:7 help: help is "twilio" (Twilio answers HELP and INFO, the bot does not run) or "bot" (the bot answers)',
      "5:34 tests[0].steps[0].optedOut: must be boolean",
    ]);
  });

  it("requires exactly one of bot and script, and at least one test", () => {
    expect(errorsOf("tests:\n  - name: a\n    steps: [{ say: hi }]\n")).toEqual(["1:1 give the bot to test with exactly one of `bot: path` or `script: |`"]);
    expect(errorsOf("bot: a\nscript: b\ntests:\n  - name: a\n    steps: [{ say: hi }]\n")).toHaveLength(1);
    expect(errorsOf("bot: a\ntests: []\n")[0]).toMatch(/^2:8 tests: must NOT have fewer than 1 items/);
  });

  it("reports YAML syntax errors and duplicate keys with their position", () => {
    expect(errorsOf("bot: [x\n")[0]).toMatch(/^2:1 YAML: Flow sequence/);
    expect(errorsOf("bot: a\nbot: b\ntests: []\n")[0]).toMatch(/^2:1 YAML: Map keys must be unique/);
  });

  it("turns a block scalar's final newline into nothing", () => {
    const r = parseTranscript(
      "t.yaml",
      "script: |\n  + hi\n  - hey\ntests:\n  - name: a\n    steps:\n      - say: hi\n        expect: |\n          two\n          lines\n",
    );
    expect(r.ok && r.transcript.tests[0]!.steps[0]!.expect).toEqual([{ body: "two\nlines" }]);
    expect(r.ok && r.transcript.source).toEqual({ type: "script", text: "+ hi\n- hey\n", line: 1 });
  });
});

describe("parseDuration", () => {
  it.each([
    [3000, 3000],
    ["500ms", 500],
    ["3s", 3000],
    ["1.5s", 1500],
    ["10m", 600_000],
    ["1h30m", 5_400_000],
    ["1d", 86_400_000],
  ] as const)("%s is %i ms", (input, ms) => expect(parseDuration(input)).toBe(ms));

  it.each(["", "3", "3 parsecs", "s", "3s junk"])("rejects %j", (input) => expect(parseDuration(input)).toBeNull());
});
