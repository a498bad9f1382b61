/** @module Engine tests: `$` HTTP calls, BEGIN, topic fallback, purity and hostile input. */
import { describe, expect, it } from "vitest";
import type { HttpCallIR, TemplatePart } from "../../compiler/ir/types.ts";
import { loadBrain, newBotState, newSession, respond } from "../../engine/index.ts";
import { bot, conversation, get, inbound, say, set, star, testEnv, tpl, NOW, USER, type BotSpec, type TriggerSpec } from "./helpers.ts";

const talk = (triggers: TriggerSpec[], extra: Partial<BotSpec> = {}, env = testEnv()) => conversation(bot({ topics: { default: triggers }, ...extra }), env);
const value = (call: string | null, ...path: string[]): TemplatePart => ({ type: "httpValue", call, path });
const http = (method: HttpCallIR["method"], name: string | null, url: TemplatePart[], options: TemplatePart[] | null = null): Omit<HttpCallIR, "span"> => ({
  method,
  name,
  url,
  options,
});

describe("$ HTTP calls", () => {
  it("are made before the reply, with captures URL-encoded, and read by path", async () => {
    const env = testEnv({
      http: (req) =>
        req.url.includes("weather")
          ? { status: 200, text: JSON.stringify({ current: { temp: 21, tags: ["sunny", "warm"] }, city: "Rio de Janeiro" }) }
          : { status: 201, text: "plain body" },
    });
    const c = talk(
      [
        {
          text: "weather in *",
          http: [
            http("GET", null, tpl("https://api.test/weather?city=", star())),
            http("POST", "log", tpl("https://api.test/log"), tpl('{"headers":{"X-Key":"k"},"body":{"city":"', star(), '"}}')),
          ],
          replies: [
            tpl(
              value(null, "city"),
              ": ",
              value(null, "current", "temp"),
              "C ",
              value(null, "current", "tags", "1"),
              " [",
              value(null, "missing", "x"),
              "] ",
              value("log", "__status"),
              " ",
              value("log", "__text"),
            ),
          ],
        },
      ],
      {},
      env,
    );
    expect(await c.say('weather in São "Paulo"')).toBe("Rio de Janeiro: 21C warm [] 201 plain body");
    expect(env.requests[0]).toEqual({ method: "GET", url: "https://api.test/weather?city=s%C3%A3o%20paulo", headers: {} });
    expect(env.requests[1]).toEqual({
      method: "POST",
      url: "https://api.test/log",
      headers: { "X-Key": "k", "Content-Type": "application/json" },
      body: JSON.stringify({ city: "são paulo" }),
    });
  });

  it("JSON-escapes values inside the options", async () => {
    const env = testEnv({ http: () => ({ status: 200, text: "{}" }) });
    const c = talk(
      [{ text: "note *", keepPunctuation: true, http: [http("POST", null, tpl("https://api.test/n"), tpl('{"body":"', star(), '"}'))], replies: [tpl("ok")] }],
      {},
      env,
    );
    await c.say('note say "hi" \\ bye');
    expect(env.requests[0]!.body).toBe('say "hi" \\ bye');
  });

  it("a failed call logs RUN005 and its values render empty", async () => {
    const c = talk([
      { text: "x", http: [http("GET", null, tpl("https://down.test"))], replies: [tpl("[", value(null, "a"), "|", value(null, "__status"), "]")] },
    ]);
    expect(await c.say("x")).toBe("[|0]");
    const log = c.last!.effects.find((e) => e.type === "log");
    expect(log).toMatchObject({ code: "RUN005", level: "warn" });
    expect(log!.type === "log" && log!.message).toContain("no network in tests");
  });

  it("malformed options log RUN006 and the call goes ahead without them", async () => {
    const env = testEnv({ http: () => ({ status: 200, text: "{}" }) });
    const c = talk([{ text: "x", http: [http("POST", null, tpl("https://api.test"), tpl("{not json"))], replies: [tpl("ok")] }], {}, env);
    expect(await c.say("x")).toBe("ok");
    expect(env.requests).toHaveLength(1);
    expect(c.last!.effects.find((e) => e.type === "log")).toMatchObject({ code: "RUN006" });
  });
});

describe("BEGIN", () => {
  const begin = (reply: TriggerSpec): BotSpec["topics"] => ({
    __begin__: [reply],
    default: [
      say("hello bot", "Hello human."),
      say("my name is *", set("name", { type: "format", format: "formal", body: [star()] }), "Hello, ", get("name"), "."),
    ],
  });

  it("{ok} is replaced by the real reply", async () => {
    const c = conversation(bot({ topics: begin(say("request", { type: "ok" })) }));
    expect(await c.say("Hello bot.")).toBe("Hello human.");
  });

  it("without {ok} the BEGIN reply blocks", async () => {
    const c = conversation(bot({ topics: begin(say("request", "Nope.")) }));
    expect(await c.say("Hello bot.")).toBe("Nope.");
    expect(c.last!.matched).toBe(true);
  });

  it("conditions and <set> run first; the real reply is rendered once", async () => {
    const request: TriggerSpec = {
      text: "request",
      conditions: [
        { left: [get("met")], op: "==", right: tpl("undefined"), body: tpl(set("met", "true"), { type: "ok" }) },
        { left: [get("name")], op: "!=", right: tpl("undefined"), body: tpl(get("name"), ": ", { type: "ok" }) },
      ],
      replies: [tpl({ type: "ok" })],
    };
    const c = conversation(bot({ topics: begin(request) }));
    expect(await c.say("Hello bot.")).toBe("Hello human.");
    expect(c.state.session.vars.met).toBe("true");
    expect(await c.say("My name is bob")).toBe("Hello, Bob.");
    expect(await c.say("Hello bot")).toBe("Bob: Hello human.");
  });

  it("{topic} in BEGIN applies before the real reply is matched", async () => {
    const topics = { ...begin(say("request", { type: "topic", name: "quiet" }, { type: "ok" })), quiet: [say("*", "shh")] };
    const c = conversation(bot({ topics, topicOptions: { quiet: { isolated: true } } }));
    expect(await c.say("hello bot")).toBe("shh");
  });
});

describe("topics", () => {
  const ir = bot({
    topics: {
      default: [say("help", "default help"), say("*", "default catch-all")],
      open: [say("hi", "open hi")],
      closed: [say("hi", "closed hi")],
    },
    topicOptions: { closed: { isolated: true } },
  });
  const inTopic = (topic: string) => {
    const c = conversation(ir);
    c.state = { ...c.state, session: { ...c.state.session, topic } };
    return c;
  };

  it("fall back to default unless isolated", async () => {
    expect(await inTopic("open").say("help")).toBe("default help");
    const closed = inTopic("closed");
    expect(await closed.say("help")).toBe("");
    expect(closed.last!.matched).toBe(false);
    expect(closed.last!.effects.find((e) => e.type === "log")).toMatchObject({ code: "RUN010", level: "info" });
  });

  it("an unknown topic answers from default", async () => {
    expect(await inTopic("nowhere").say("help")).toBe("default help");
  });
});

describe("purity", () => {
  it("never mutates its inputs", async () => {
    const ir = bot({
      topics: { default: [say("*", set("x", star()), { type: "botSet", name: "b", value: tpl("1") }, "ok", { type: "buttons", labels: [tpl("A")] })] },
    });
    const brain = loadBrain(ir);
    const state = { session: newSession(USER, NOW), bot: newBotState(ir) };
    const frozen = JSON.stringify(state);
    const irText = JSON.stringify(ir);
    const result = await respond(brain, state, inbound("hello"), testEnv());
    expect(JSON.stringify(state)).toBe(frozen);
    expect(JSON.stringify(ir)).toBe(irText);
    expect(result.session.vars.x).toBe("hello");
    expect(result.bot.vars.b).toBe("1");
  });
});

describe("hostile input", () => {
  const ir = bot({
    subs: [["whats", "what is"]],
    topics: {
      default: [
        say("* a * b * c * d", "abcd"),
        say("[*] hello [*]", "hi"),
        { text: "say *", keepPunctuation: true, replies: [tpl(star())] },
        say("*", "catch-all"),
      ],
    },
  });
  for (const body of ["", "   ", "🙂🙂🙂", "مرحبا كيف حالك", "<bot name=x> {ok} <star>", "a ".repeat(5000), "x".repeat(10_000), "\u0000\uffff\ud800"]) {
    it(`answers ${JSON.stringify(body.slice(0, 20))}${body.length > 20 ? "…" : ""} without throwing`, async () => {
      const c = conversation(ir);
      const reply = await c.say(body);
      expect(typeof reply).toBe("string");
      expect(c.last!.matched).toBe(true);
    });
  }

  it("a long message that almost matches a many-wildcard trigger stays fast enough to finish", async () => {
    const c = conversation(ir);
    expect(await c.say("a b c ".repeat(1500))).toBe("catch-all");
  });
});
