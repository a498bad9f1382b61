/** @module Engine tests: reply tags (reads, writes, formats, macros, namespace variables, %previous). */
import { describe, expect, it } from "vitest";
import type { FormatKind, MathOp, TemplatePart } from "../../compiler/ir/types.ts";
import { bot, conversation, get, say, set, star, botstar, testEnv, tpl, NOW, USER, type TriggerSpec, type BotSpec } from "./helpers.ts";

const talk = (triggers: TriggerSpec[], extra: Partial<BotSpec> = {}, env = testEnv()) => conversation(bot({ topics: { default: triggers }, ...extra }), env);
const codes = (c: ReturnType<typeof talk>) => (c.last?.effects ?? []).flatMap((e) => (e.type === "log" ? [e.code] : []));
const fmt = (format: FormatKind, ...body: (string | TemplatePart)[]): TemplatePart => ({ type: "format", format, body: tpl(...body) });
const math = (op: MathOp, name: string, value: string): TemplatePart => ({ type: "math", op, name, value: tpl(value) });

describe("reads", () => {
  it("missing stars read undefined; <id> is the user", async () => {
    const c = talk([say("hi", "star=", star(), " id=", { type: "id" })]);
    expect(await c.say("hi")).toBe(`star=undefined id=${USER}`);
  });

  it("<input N> and <reply N> read normalised history, most recent first", async () => {
    const c = talk([
      say("one", "First!"),
      say("two", "Second."),
      say("what", "[", { type: "input", index: 1 }, "|", { type: "reply", index: 1 }, "|", { type: "input", index: 2 }, "|", { type: "reply", index: 9 }, "]"),
    ]);
    await c.say("One!");
    await c.say("Two?");
    expect(await c.say("what")).toBe("[two|second|one|undefined]");
    expect(c.state.session.history.input).toEqual(["what", "two", "one"]);
  });

  it("keeps nine history entries", async () => {
    const c = talk([say("*", "ok")]);
    for (let i = 1; i <= 12; i++) await c.say(`message ${i}`);
    expect(c.state.session.history.input).toHaveLength(9);
    expect(c.state.session.history.input[0]).toBe("message 12");
    expect(c.state.session.history.reply).toHaveLength(9);
  });

  it("bot vars, globals and their setters", async () => {
    const c = talk(
      [
        say(
          "x",
          { type: "bot", name: "name" },
          "/",
          { type: "env", name: "mode" },
          { type: "botSet", name: "name", value: tpl("Rex") },
          { type: "envSet", name: "mode", value: tpl("live") },
        ),
        say("y", { type: "bot", name: "name" }, "/", { type: "env", name: "mode" }),
      ],
      {
        vars: { name: "Dexter" },
        globals: { mode: "test" },
      },
    );
    expect(await c.say("x")).toBe("Dexter/test");
    expect(await c.say("y")).toBe("Rex/live");
  });

  it("(@array) in a reply picks an item", async () => {
    const env = testEnv();
    env.random = () => 0.99;
    const c = talk([say("color", { type: "arrayPick", name: "colors" })], { arrays: { colors: ["red", "green", "blue"] } }, env);
    expect(await c.say("color")).toBe("blue");
    const unknown = talk([say("x", "This ", { type: "arrayPick", name: "nope" }, " is unknown")]);
    expect(await unknown.say("x")).toBe("This (@nope) is unknown");
  });
});

describe("writes", () => {
  it("<set> stores, <set x> with nothing clears", async () => {
    const c = talk([say("name *", set("name", star()), "ok"), say("forget", set("name"), "gone"), say("who", get("name"))]);
    await c.say("name alice");
    expect(await c.say("who")).toBe("alice");
    await c.say("forget");
    expect(c.state.session.vars).not.toHaveProperty("name");
    expect(await c.say("who")).toBe("undefined");
  });

  it("math treats unset as 0 and leaves the variable alone on errors", async () => {
    const c = talk([
      { text: "inc *", replies: [[{ type: "math", op: "add", name: "n", value: [star()] }, get("n")]] },
      say("half", math("div", "n", "2"), get("n")),
      say("zero", math("div", "n", "0"), get("n")),
      say("times", math("mult", "n", "3"), get("n")),
      say("minus", math("sub", "n", "0.1"), get("n")),
      say("word", set("n", "abc"), math("add", "n", "1"), get("n")),
    ]);
    expect(await c.say("inc 5")).toBe("5");
    expect(await c.say("times")).toBe("15");
    expect(await c.say("half")).toBe("7.5");
    expect(await c.say("zero")).toBe("7.5");
    expect(codes(c)).toEqual(["RUN003"]);
    expect(await c.say("minus")).toBe("7.4");
    expect(await c.say("word")).toBe("abc");
    expect(codes(c)).toEqual(["RUN002"]);
  });

  it("{topic} moves the user; random is default", async () => {
    const ir = bot({
      topics: {
        default: [say("go", { type: "topic", name: "game" }, "entering"), say("*", "default")],
        game: [say("leave", { type: "topic", name: "random" }, "bye"), say("play", "playing")],
      },
    });
    const c = conversation(ir);
    expect(await c.say("play")).toBe("default");
    await c.say("go");
    expect(c.state.session.topic).toBe("game");
    expect(await c.say("play")).toBe("playing");
    expect(await c.say("anything")).toBe("default");
    await c.say("leave");
    expect(c.state.session.topic).toBe("default");
  });
});

describe("formats", () => {
  it("apply after inner tags", async () => {
    const c = talk(
      [
        say("name *", set("name", star()), "ok"),
        say("formal", fmt("formal", get("name"))),
        say("upper", fmt("uppercase", "hi ", get("name"))),
        say("sentence *", fmt("sentence", star())),
        say("lower", fmt("lowercase", "ABC ", { type: "bot", name: "x" })),
      ],
      { vars: { x: "DeF" } },
    );
    await c.say("name mary jane");
    expect(await c.say("formal")).toBe("Mary Jane");
    expect(await c.say("upper")).toBe("HI MARY JANE");
    expect(await c.say("sentence hello there")).toBe("Hello there");
    expect(await c.say("lower")).toBe("abc def");
  });

  it("person swaps pronouns in one pass", async () => {
    const c = talk([say("say *", fmt("person", star()))], {
      person: [
        ["i am", "you are"],
        ["you are", "I am"],
        ["i", "you"],
        ["you", "me"],
      ],
    });
    expect(await c.say("say I am cool")).toBe("you are cool");
    expect(await c.say("say you are dumb")).toBe("I am dumb");
    expect(await c.say("say i like you")).toBe("you like me");
  });
});

describe("macros", () => {
  it("<call> passes words and quoted phrases; the API reads and writes the user", async () => {
    const env = testEnv({
      macros: {
        reverse: (args) => args.join(",").split("").reverse().join(""),
        remember: (args, api) => {
          api.setUservar(api.currentUser(), "fav", args[0] ?? "");
          return `${api.getBotvar("name")} saved ${api.getUservar(api.currentUser(), "fav")}`;
        },
      },
    });
    const c = talk(
      [
        say("rev *", { type: "call", name: "reverse", args: tpl(star()) }),
        say("fav", { type: "call", name: "remember", args: tpl('"ice cream" x') }),
        say("get fav", get("fav")),
      ],
      { vars: { name: "Dex" } },
      env,
    );
    expect(await c.say("rev ab cd")).toBe("dc,ba");
    expect(await c.say("fav")).toBe("Dex saved ice cream");
    expect(await c.say("get fav")).toBe("ice cream");
  });

  it("a failing macro renders [ERR: …] and logs RUN004", async () => {
    const env = testEnv({
      macros: {
        boom: () => {
          throw new Error("kaboom");
        },
      },
    });
    const c = talk([say("boom", "x ", { type: "call", name: "boom", args: [] }), say("missing", { type: "call", name: "nope", args: [] })], {}, env);
    expect(await c.say("boom")).toBe("x [ERR: kaboom]");
    expect(codes(c)).toEqual(["RUN004"]);
    expect(await c.say("missing")).toBe("[ERR: Object Not Found: nope]");
  });
});

describe("namespace variables", () => {
  it("expose platform, phone, raw text, times and webhook facts", async () => {
    const env = testEnv({ now: NOW + 5000 });
    const names = ["_platform", "_platformId", "_userPhone", "_rawMsgText", "_firstMsgSent", "_lastMsgReceived", "_fromCity", "_fromCountry", "_userFirstName"];
    const c = talk([say("*", ...names.flatMap((n) => [get(n), "|"]))], {}, env);
    const reply = await c.say("Hi there!", { FromCity: "Berlin", FromCountry: "DE" });
    expect(reply.split("|").slice(0, -1)).toEqual(["sms", USER, USER, "Hi there!", String(NOW + 5000), String(NOW + 5000), "Berlin", "DE", "undefined"]);
  });

  it("user sets cannot overwrite them", async () => {
    const c = talk([say("x", set("_platform", "web"), get("_platform"))]);
    expect(await c.say("x")).toBe("sms");
  });
});

describe("previous (%)", () => {
  it("several % triggers may share the same trigger text", async () => {
    const ir = bot({
      topics: {
        default: [
          { text: "more", previous: "once upon a time", replies: [tpl("there was a king")] },
          { text: "more", previous: "there was a king", replies: [tpl("who had a cat")] },
          say("story", "Once upon a time"),
          say("more", "more of what?"),
        ],
      },
    });
    const c = conversation(ir);
    await c.say("story");
    expect(await c.say("more")).toBe("there was a king");
    expect(await c.say("more")).toBe("who had a cat");
    expect(await c.say("more")).toBe("more of what?");
  });

  it("matches the normalised last reply and exposes <botstar>", async () => {
    const ir = bot({
      topics: {
        default: [
          { text: "yes", previous: "do you like *", replies: [tpl("Great, I like ", botstar(), " too")] },
          { text: "yes", previous: "knock knock", replies: [tpl("who is there?")] },
          say("ask", "Do you like Cheese?"),
          say("yes", "yes to what?"),
        ],
      },
    });
    const c = conversation(ir);
    expect(await c.say("yes")).toBe("yes to what?");
    await c.say("ask");
    expect(await c.say("Yes!")).toBe("Great, I like cheese too");
    expect(await c.say("yes")).toBe("yes to what?");
  });
});
