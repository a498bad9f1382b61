/** @module Engine tests: normalisation and pattern matching. */
import { describe, expect, it } from "vitest";
import { bot, conversation, say, star, tpl, get, set } from "./helpers.ts";

const reply = (...triggers: ReturnType<typeof say>[]) => conversation(bot({ topics: { default: triggers } }));

describe("matching", () => {
  it("matches atomic triggers after normalisation", async () => {
    const c = reply(say("hello bot", "Hello human."), say("*", "fallback"));
    expect(await c.say("Hello, BOT!")).toBe("Hello human.");
    expect(await c.say("  hello    bot  ")).toBe("Hello human.");
    expect(await c.say("hello bot now")).toBe("fallback");
  });

  it("strips punctuation inside words (what's → whats)", async () => {
    const c = reply(say("whats up", "nothing"));
    expect(await c.say("What's up?")).toBe("nothing");
  });

  it("* takes one or more words, lazily", async () => {
    const c = reply(say("* x *", star(1), "|", star(2)), say("say *", "[", star(), "]"));
    expect(await c.say("a x b x c")).toBe("a|b x c");
    expect(await c.say("x b")).toBe("");
    expect(await c.say("say hello there")).toBe("[hello there]");
    expect(await c.say("say")).toBe("");
  });

  it("# takes digits, _ takes one word of letters (any script)", async () => {
    const c = reply(say("i am # years old", "n=", star()), say("i am _ years old", "w=", star()), say("call me _", "hi ", star()));
    expect(await c.say("I am 42 years old")).toBe("n=42");
    expect(await c.say("I am forty years old")).toBe("w=forty");
    expect(await c.say("I am 4x years old")).toBe("");
    expect(await c.say("call me Zoë")).toBe("hi zoë");
    expect(await c.say("call me Ζωή")).toBe("hi ζωή");
    expect(await c.say("call me 小明")).toBe("hi 小明");
  });

  it("alternatives capture; optionals do not and must stand alone", async () => {
    const c = reply(say("what is your [home|office] number", "number"), say("(hi|hey|hello there) bot", "greet:", star()), say("[*] tell me [*]", "tell"));
    expect(await c.say("what is your number")).toBe("number");
    expect(await c.say("what is your home number")).toBe("number");
    expect(await c.say("what is yournumber")).toBe("");
    expect(await c.say("hello there bot")).toBe("greet:hello there");
    expect(await c.say("hey bot")).toBe("greet:hey");
    expect(await c.say("please tell me now")).toBe("tell");
    expect(await c.say("tell me")).toBe("tell");
    expect(await c.say("pleasetell me")).toBe("");
  });

  it("optionals work for non-Latin words", async () => {
    const c = reply(say("[*] 你好 [*]", "ni hao"), say("[*] привет [*]", "privet"));
    expect(await c.say("你好")).toBe("ni hao");
    expect(await c.say("哦 你好 呀")).toBe("ni hao");
    expect(await c.say("ну привет всем")).toBe("privet");
  });

  it("arrays match any item; (@x) captures, @x does not", async () => {
    const ir = bot({
      arrays: { colors: ["red", "light blue", "green"], q: ["a.b"] },
      topics: { default: [say("i like (@colors)", "c=", star()), say("@colors is nice *", "s=", star()), say("x (@q)", "dot")] },
    });
    const c = conversation(ir);
    expect(await c.say("I like light blue")).toBe("c=light blue");
    expect(await c.say("green is nice indeed")).toBe("s=indeed");
    expect(await c.say("I like purple")).toBe("");
    expect(await c.say("x axb")).toBe("");
  });

  it("<get>, <bot> and history in triggers are matched literally", async () => {
    const ir = bot({
      vars: { name: "Dexter" },
      topics: {
        default: [
          say("<input1>", "you repeat yourself"),
          say("my name is *", set("name", star()), "ok"),
          say("<get name> is my name", "yes it is"),
          say("are you <bot name>", "I am"),
          say("*", "?"),
        ],
      },
    });
    const c = conversation(ir);
    expect(await c.say("are you dexter")).toBe("I am");
    expect(await c.say("my name is a.b")).toBe("ok");
    expect(await c.say("ab is my name")).toBe("yes it is");
    expect(await c.say("ab is my name")).toBe("you repeat yourself");
    expect(await c.say("undefined is my name")).toBe("?");
  });

  it("an unset <get> in a trigger reads undefined", async () => {
    const c = reply(say("<get nick> rocks", "unset nick"));
    expect(await c.say("undefined rocks")).toBe("unset nick");
  });

  it("the lone * catch-all matches empty and emoji-only messages", async () => {
    const c = reply(say("hi", "hello"), say("*", "catch:", star()));
    expect(await c.say("")).toBe("catch:");
    expect(await c.say("🎉🎉")).toBe("catch:");
    expect(await c.say("hi")).toBe("hello");
  });

  it("keepPunctuation captures the original text", async () => {
    const c = reply({ text: "my email is *", keepPunctuation: true, replies: [tpl("got ", star())] }, say("call *", "c=", star()));
    expect(await c.say("My email is Bob@Example.com!")).toBe("got Bob@Example.com!");
    expect(await c.say("call Bob@Example.com")).toBe("c=bobexamplecom");
  });

  it("does not re-parse user text as tags", async () => {
    const ir = bot({
      vars: { name: "Dexter" },
      topics: { default: [{ text: "say *", keepPunctuation: true, replies: [tpl(star())] }, say("who", get("name"))] },
    });
    const c = conversation(ir);
    expect(await c.say("say x> <bot name=Evil> {uppercase}shout{/uppercase}")).toBe("x> <bot name=Evil> {uppercase}shout{/uppercase}");
    expect(c.state.bot.vars.name).toBe("Dexter");
  });
});
