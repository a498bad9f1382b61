/** @module SMS directions through the real compiler: reminder text at firing time, media kinds, named calls, namespace times, menus, <noreply>, <raw>, host macros. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import type { BotIR } from "../../compiler/ir/types.ts";
import { fireReminder, loadBrain } from "../../engine/index.ts";
import type { HttpRequest, HttpResponse, OutboundMessage } from "../../engine/types.ts";
import { createMacroHost } from "../../runtime/adapters/macros.ts";
import { createLocalRuntime, type LogEntry } from "../../sandbox/local/index.ts";
import { conversation, testEnv, NOW, USER, type Conversation, type TestEnv } from "./helpers.ts";

function compiled(text: string): BotIR {
  const { ir, diagnostics } = compile([{ path: "test.bot", text }]);
  expect(diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message} @${d.span.start.line}:${d.span.start.column}`)).toEqual([]);
  return ir;
}

const botFrom = (text: string, env: TestEnv = testEnv()): Conversation => conversation(compiled(text), env);
const messages = (c: Conversation) => (c.last?.effects ?? []).filter((e): e is OutboundMessage => e.type === "message");

describe("^reminder text is processed when it fires", () => {
  const BOT = `
+ remind me
- ok ^reminder(nap, "<raw>Hi <get name></raw>", ${NOW + 60_000})

+ my name is *
- <set name=<star>>noted
`;

  it("<raw> keeps <get name> for firing time, which reads the value current then", async () => {
    const ir = compiled(BOT);
    const c = conversation(ir);
    await c.say("my name is ann");
    expect(await c.say("remind me")).toBe("ok");
    expect(c.last!.effects).toContainEqual({ type: "scheduleReminder", userId: USER, name: "nap", dueAt: NOW + 60_000 });
    await c.say("my name is bob");
    expect(c.state.session.vars.name).toBe("bob");
    const fired = await fireReminder(loadBrain(ir), c.state, "nap", testEnv({ now: NOW + 60_000 }));
    // Neither the value at scheduling time ("ann") nor the construct left as text ("<get name>").
    expect(fired.reply).toBe("Hi bob");
  });

  it("the same through the local runtime: the delivered reminder reads the variable at firing time", async () => {
    const rt = createLocalRuntime({ ir: compiled(BOT), root: tmpdir(), startTime: NOW });
    await rt.receive({ from: USER, body: "my name is ann" });
    await rt.receive({ from: USER, body: "remind me" });
    await rt.receive({ from: USER, body: "my name is bob" });
    expect((await rt.advance(60_000)).map((d) => d.body)).toEqual(["Hi bob"]);
  });
});

describe("^video and ^audio", () => {
  const BOT = "+ show\n- Watch ^video(https://x.test/v.mp4) and listen ^audio(clip.mp3)\n";

  it("put their URLs on the message's media, in order", async () => {
    const c = botFrom(BOT);
    await c.say("show");
    expect(messages(c).map((m) => [m.body, m.media])).toEqual([["Watch  and listen", ["https://x.test/v.mp4", "clip.mp3"]]]);
  });

  it("the local runtime keeps a bot-folder .mp3 that exists, and drops it (RUN012) where it does not", async () => {
    const withClip = mkdtempSync(join(tmpdir(), "bot-audio-"));
    writeFileSync(join(withClip, "clip.mp3"), Buffer.from("494433", "hex"));
    const logs: LogEntry[] = [];
    const rt = createLocalRuntime({ ir: compiled(BOT), root: withClip, onLog: (e) => logs.push(e) });
    const turn = await rt.receive({ from: USER, body: "show" });
    expect(turn.delivered.map((d) => d.media)).toEqual([["https://x.test/v.mp4", "clip.mp3"]]);
    expect(logs).toEqual([]);

    const empty = mkdtempSync(join(tmpdir(), "bot-audio-"));
    const bare = createLocalRuntime({ ir: compiled(BOT), root: empty, onLog: (e) => logs.push(e) });
    expect((await bare.receive({ from: USER, body: "show" })).delivered.map((d) => d.media)).toEqual([["https://x.test/v.mp4"]]);
    expect(logs.map((l) => [l.code, l.level])).toEqual([["RUN012", "warn"]]);
  });
});

describe("named $ calls", () => {
  it("${{a.x}} and ${{b.y.0}} each read their own call's JSON", async () => {
    const answers: Record<string, unknown> = {
      "https://api.test/a": { x: "from-a", y: ["a-zero"] },
      "https://api.test/b": { x: "from-b-x", y: ["from-b", "b-one"] },
    };
    const http = (request: HttpRequest): HttpResponse => {
      const json = answers[request.url];
      return json === undefined ? { status: 404, text: "not found" } : { status: 200, text: JSON.stringify(json) };
    };
    const env = testEnv({ http });
    const c = botFrom("+ both\n$ GET:a https://api.test/a\n$ GET:b https://api.test/b\n- ${{a.x}}|${{b.y.0}}\n", env);
    expect(await c.say("both")).toBe("from-a|from-b");
    expect(env.requests.map((r) => `${r.method} ${r.url}`)).toEqual(["GET https://api.test/a", "GET https://api.test/b"]);
  });
});

describe("namespace times", () => {
  it("_firstMsgSent stays at the first message's time while _lastMsgReceived moves", async () => {
    let now = NOW;
    const env = testEnv();
    env.clock = { now: () => now };
    const c = botFrom("+ times\n- <get _firstMsgSent>|<get _lastMsgReceived>\n", env);
    expect(await c.say("times")).toBe(`${NOW}|${NOW}`);
    now = NOW + 90_000;
    expect(await c.say("times")).toBe(`${NOW}|${NOW + 90_000}`);
  });
});

describe("^buttons", () => {
  it("an unrelated message clears the menu: a later 1 is not mapped", async () => {
    const c = botFrom(`
+ menu
- Pick one: ^buttons(Hours, Prices)

+ hours
- 9 to 5

+ *
- heard <star>
`);
    expect(await c.say("menu")).toBe("Pick one:\n1) Hours\n2) Prices");
    expect(await c.say("banana")).toBe("heard banana");
    expect(c.state.session.buttons).toBeNull();
    expect(await c.say("1")).toBe("heard 1");
  });
});

describe("<raw>", () => {
  it("<raw><get x></raw> renders literally", async () => {
    const c = botFrom("+ show\n- <set x=value><raw><get x></raw>\n");
    expect(await c.say("show")).toBe("<get x>");
  });
});

describe("through the local runtime", () => {
  it("<noreply> delivers nothing while <set> in the same reply applies", async () => {
    const rt = createLocalRuntime({ ir: compiled("+ quiet\n- <set mood=calm>shh <noreply>\n\n+ mood\n- <get mood>\n"), root: tmpdir() });
    const turn = await rt.receive({ from: USER, body: "quiet" });
    expect(turn).toEqual({ delivered: [], canceled: [], matched: true, keyword: { type: "bot" }, optedOut: false, pending: 0 });
    expect(rt.session(USER)?.vars.mood).toBe("calm");
    expect((await rt.receive({ from: USER, body: "mood" })).delivered.map((d) => d.body)).toEqual(["calm"]);
  });

  it("calls a TypeScript macro registered on the host passed as macros", async () => {
    const ir = compiled('+ greet *\n- <call>shout <star> "and friends"</call>\n');
    const macros = createMacroHost(ir.objects);
    const seen: { args: string[]; user: string }[] = [];
    macros.register("shout", (rs, args) => {
      seen.push({ args, user: rs.currentUser() });
      return args.join(" ").toUpperCase();
    });
    const rt = createLocalRuntime({ ir, root: tmpdir(), macros });
    const turn = await rt.receive({ from: USER, body: "greet ada" });
    expect(turn.delivered.map((d) => d.body)).toEqual(["ADA AND FRIENDS"]);
    expect(seen).toEqual([{ args: ["ada", "and friends"], user: USER }]);
  });
});
