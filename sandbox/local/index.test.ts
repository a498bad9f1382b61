/** @module Local runtime tests with the real compiler and engine: delays, cancellation, ordering, reminders, media, $ calls, macros. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import type { BotIR } from "../../compiler/ir/types.ts";
import { createLocalRuntime, type LogEntry } from "./index.ts";
import { createCannedFetcher } from "./transcript/canned-http.ts";

const ALICE = "+15550001111";
const BOB = "+15550002222";

function bot(text: string): BotIR {
  const { ir, diagnostics } = compile([{ path: "test.bot", text }]);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (!ir || errors.length) throw new Error(errors.map((d) => `${d.code} ${d.message}`).join("\n"));
  return ir;
}

const KNOCK = `
+ knock knock
- Stop that banging! <delay seconds=3> ... but ok, who's there?

+ slow
- one <delay seconds=2> two <delay seconds=2 nocancel> three

+ hi
- hello
`;

const runtime = (text: string, extra: Partial<Parameters<typeof createLocalRuntime>[0]> = {}) =>
  createLocalRuntime({ ir: bot(text), root: tmpdir(), seed: 1, fetcher: createCannedFetcher({}), ...extra });

describe("createLocalRuntime", () => {
  it("sends the first part at once and the delayed part when the clock reaches it", async () => {
    const rt = runtime(KNOCK);
    const turn = await rt.receive({ from: ALICE, body: "knock knock" });
    expect(turn.delivered).toEqual([{ to: ALICE, body: "Stop that banging!", media: [], at: 0 }]);
    expect(turn).toMatchObject({ matched: true, pending: 1 });
    expect(await rt.advance(2999)).toEqual([]);
    expect(await rt.advance(1)).toEqual([{ to: ALICE, body: "... but ok, who's there?", media: [], at: 3000 }]);
    expect(rt.now()).toBe(3000);
    expect(rt.nextDueAt()).toBeNull();
  });

  it("cancels the sender's cancelable parts on a new message, but keeps nocancel parts and other users' parts", async () => {
    const rt = runtime(KNOCK);
    await rt.receive({ from: ALICE, body: "slow" });
    await rt.receive({ from: BOB, body: "knock knock" });
    await rt.advance(1000);
    const turn = await rt.receive({ from: ALICE, body: "hi" });
    expect(turn.delivered.map((m) => m.body)).toEqual(["hello"]);
    const later = await rt.advance(10_000);
    expect(later.map((m) => [m.to, m.body, m.at])).toEqual([
      [BOB, "... but ok, who's there?", 3000],
      [ALICE, "three", 4000],
    ]);
  });

  it("delivers in due-time order across users, with virtual times", async () => {
    const rt = runtime(KNOCK);
    await rt.receive({ from: ALICE, body: "slow" });
    await rt.advance(500);
    await rt.receive({ from: BOB, body: "slow" });
    const out = await rt.advance(5000);
    expect(out.map((m) => `${m.to === ALICE ? "A" : "B"} ${m.body} @${m.at}`)).toEqual(["A two @2000", "B two @2500", "A three @4000", "B three @4500"]);
  });

  it("reports an unmatched message", async () => {
    const rt = runtime("+ hi\n- hello\n");
    expect(await rt.receive({ from: ALICE, body: "something else" })).toEqual({
      delivered: [],
      matched: false,
      keyword: { type: "bot" },
      optedOut: false,
      pending: 0,
      canceled: [],
    });
  });

  it("fires reminders when due and forgets cancelled ones", async () => {
    const rt = runtime(
      `+ remind me
- ok ^reminder(tea, "Tea time!", 60000)

+ never mind
- cancelled ^reminderCancel(tea)
`,
    );
    await rt.receive({ from: ALICE, body: "remind me" });
    expect(rt.nextDueAt()).toBe(60_000);
    expect(await rt.advance(60_000)).toEqual([{ to: ALICE, body: "Tea time!", media: [], at: 60_000 }]);
    await rt.receive({ from: ALICE, body: "remind me" });
    await rt.receive({ from: ALICE, body: "never mind" });
    expect(rt.nextDueAt()).toBeNull();
    expect(await rt.advance(120_000)).toEqual([]);
  });

  it("repeats random choices for a seed", async () => {
    const text = "+ roll\n- 1\n- 2\n- 3\n- 4\n- 5\n- 6\n";
    const rolls = async (seed: number) => {
      const rt = runtime(text, { seed });
      const out: string[] = [];
      for (let i = 0; i < 12; i++) out.push((await rt.receive({ from: ALICE, body: "roll" })).delivered[0]!.body);
      return out.join("");
    };
    expect(await rolls(3)).toBe(await rolls(3));
    expect(await rolls(3)).not.toBe(await rolls(4));
  });

  it("keeps bot-folder media that exist and drops (and logs) missing or escaping ones", async () => {
    const root = mkdtempSync(join(tmpdir(), "bot-media-"));
    writeFileSync(join(root, "card.vcf"), "BEGIN:VCARD\r\nEND:VCARD\r\n");
    const logs: LogEntry[] = [];
    const rt = runtime("+ card\n- here ^file(card.vcf) ^image(missing.png) ^image(../etc/passwd) ^image(https://cdn.example.com/a.png)\n", {
      root,
      onLog: (e) => logs.push(e),
    });
    const turn = await rt.receive({ from: ALICE, body: "card" });
    expect(turn.delivered[0]?.media).toEqual(["card.vcf", "https://cdn.example.com/a.png"]);
    expect(logs.map((l) => l.code)).toEqual(["RUN012", "RUN012"]);
    expect(logs.map((l) => l.message)).toEqual([
      'Media missing.png was not sent: file "missing.png" not found in the bot folder; the message went out without it.',
      "Media ../etc/passwd was not sent: it is outside the bot folder (its .. climbs out of it); the message went out without it.",
    ]);
  });

  it("logs a hand-off to a human (RUN014) and stays quiet in topic human", async () => {
    const logs: LogEntry[] = [];
    const rt = runtime("+ agent\n- Connecting you to a person. ^notifyAgent()\n\n+ *\n- bot answer\n", { onLog: (e) => logs.push(e) });
    expect((await rt.receive({ from: ALICE, body: "agent" })).delivered.map((d) => d.body)).toEqual(["Connecting you to a person."]);
    expect(logs.map((l) => l.code)).toContain("RUN014");
    expect(rt.session(ALICE)?.topic).toBe("human");
    expect((await rt.receive({ from: ALICE, body: "hello?" })).delivered).toEqual([]);
  });

  it("logs an engine failure (RUN013), answers nothing and keeps the session as it was", async () => {
    const logs: LogEntry[] = [];
    const ir = bot("+ boom\n- never sent\n\n+ hi\n- hello\n");
    // A corrupted IR (a reply body that is not a list of parts) makes the step throw.
    ir.triggers[0]!.reply.replies[0]!.body = null as never;
    const rt = createLocalRuntime({ ir, root: tmpdir(), seed: 1, fetcher: createCannedFetcher({}), onLog: (e) => logs.push(e) });
    await rt.receive({ from: ALICE, body: "hi" });
    const before = rt.session(ALICE);
    const turn = await rt.receive({ from: ALICE, body: "boom" });
    expect(turn.delivered).toEqual([]);
    expect(logs).toContainEqual(expect.objectContaining({ code: "RUN013", level: "error" }));
    expect(rt.session(ALICE)).toEqual(before);
  });

  it("runs $ calls through the given fetcher and macros on the virtual clock", async () => {
    const fetcher = createCannedFetcher({ "https://api.test/t?c=paris": { json: { temp: 21 } } });
    const rt = runtime(
      `> object clock javascript
  return new Date().toISOString();
< object

+ temp in *
$ GET https://api.test/t?c=<star>
- ${"${{temp}}"} at <call>clock</call>
`,
      { fetcher, startTime: Date.UTC(2026, 0, 1, 9) },
    );
    const turn = await rt.receive({ from: ALICE, body: "temp in paris" });
    expect(turn.delivered[0]?.body).toBe("21 at 2026-01-01T09:00:00.000Z");
    expect(fetcher.calls).toEqual(["GET https://api.test/t?c=paris"]);
  });

  it("renders a looping macro as [ERR: macro CPU limit] and a throwing one in rivescript's words, and logs both", async () => {
    const logs: LogEntry[] = [];
    const rt = runtime(
      `> object spin javascript
  while (true) {}
< object

> object boom javascript
  throw new Error("no coffee");
< object

+ spin
- result: <call>spin</call>

+ boom
- result: <call>boom</call>
`,
      { onLog: (e) => logs.push(e) },
    );
    expect((await rt.receive({ from: ALICE, body: "spin" })).delivered[0]?.body).toBe("result: [ERR: macro CPU limit]");
    expect((await rt.receive({ from: ALICE, body: "boom" })).delivered[0]?.body).toBe("result: [ERR: Error raised by object macro: no coffee]");
    expect(logs.map((l) => [l.level, l.code])).toEqual([
      ["error", "RUN004"],
      ["error", "RUN004"],
    ]);
  });

  it("shows a macro's console lines and its coded failures (RUN026) in the log, at their level", async () => {
    const logs: LogEntry[] = [];
    const rt = runtime(
      `> object add javascript
  console.log("adding", args[0], args[1]);
  console.error("odd");
  return Number(args[0]) + Number(args[1]);
< object

> object stuck javascript
  await new Promise(function () {});
< object

+ add # and #
- <call>add <star1> <star2></call>

+ stuck
- <call>stuck</call>
`,
      { onLog: (e) => logs.push(e) },
    );
    expect((await rt.receive({ from: ALICE, body: "add 2 and 3" })).delivered[0]?.body).toBe("5");
    expect((await rt.receive({ from: ALICE, body: "stuck" })).delivered[0]?.body).toBe("[ERR: macro never settled]");
    expect(logs.map((l) => [l.level, l.code, l.message])).toEqual([
      ["info", "console", "macro add: adding 2 3"],
      ["warn", "console", "macro add: odd"],
      ["warn", "RUN026", expect.stringMatching(/^macro stuck failed: macro never settled/)],
      ["error", "RUN004", expect.any(String)],
    ]);
  });

  it("lets a test set variables and reads the session", async () => {
    const rt = runtime("+ who\n- <get name>\n");
    rt.setUserVars(ALICE, { name: "Ada" });
    expect((await rt.receive({ from: ALICE, body: "who" })).delivered[0]?.body).toBe("Ada");
    rt.setUserVars(ALICE, { name: null });
    expect(rt.session(ALICE)?.vars.name).toBeUndefined();
  });
});
