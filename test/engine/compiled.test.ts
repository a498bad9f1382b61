/** @module End-to-end through the compiler: `.bot` snippets compiled, loaded and answered. */
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import type { OutboundMessage } from "../../engine/types.ts";
import { conversation, testEnv, type TestEnv } from "./helpers.ts";

function botFrom(text: string, env: TestEnv = testEnv()) {
  const { ir, diagnostics } = compile([{ path: "test.bot", text }]);
  const errors = diagnostics.filter((d) => d.severity === "error");
  expect(errors.map((d) => `${d.code} ${d.message} @${d.span.start.line}`)).toEqual([]);
  return conversation(ir, env);
}

describe("compiled bots", () => {
  it("greets, captures and remembers", async () => {
    const c = botFrom(`
+ hello bot
- Hello human.

+ my name is *
- <set name=<formal>>Nice to meet you, <get name>.

+ what is my name
* <get name> == undefined => I don't know yet.
- You are <get name>.

+ *
- I don't understand.
`);
    expect(await c.say("Hello, bot!")).toBe("Hello human.");
    expect(await c.say("what is my name")).toBe("I don't know yet.");
    expect(await c.say("My name is ada lovelace")).toBe("Nice to meet you, Ada Lovelace.");
    expect(await c.say("What is my name?")).toBe("You are Ada Lovelace.");
    expect(await c.say("blorp")).toBe("I don't understand.");
  });

  it("sorts by the WD order and honours {weight}", async () => {
    const c = botFrom(`
+ *
- star

+ hello *
- hello-star

+ hello there
- atomic

+ {weight=10} * there
- weighted
`);
    expect(await c.say("hello there")).toBe("weighted");
    expect(await c.say("hello you")).toBe("hello-star");
    expect(await c.say("bye")).toBe("star");
  });

  it("substitutions apply to whole words only", async () => {
    const c = botFrom(`
! sub is = are
+ this are it
- substituted

+ this is it
- untouched

+ *
- other
`);
    expect(await c.say("this is it")).toBe("substituted");
  });

  it("topics, includes and the default fallback", async () => {
    const c = botFrom(`
+ start game
- {topic=game}Let's play.

+ help
- Default help.

> topic game includes extras
+ guess #
- You guessed <star>.

+ quit
- {topic=default}Bye.
< topic

> topic extras
+ hint
- A hint.
< topic
`);
    await c.say("start game");
    expect(await c.say("guess 12")).toBe("You guessed 12.");
    expect(await c.say("hint")).toBe("A hint.");
    expect(await c.say("help")).toBe("Default help.");
    expect(await c.say("quit")).toBe("Bye.");
    expect(await c.say("guess 3")).toBe("");
  });

  it("SMS directions: send, delay, buttons and media", async () => {
    const c = botFrom(`
+ menu
- Welcome! <send> What do you need? ^buttons("Hours", "Prices")

+ hours
- We open at 9. <delay seconds=2> See you ^image(https://x.test/shop.jpg)
`);
    expect(await c.say("menu")).toBe("Welcome!\nWhat do you need?\n1) Hours\n2) Prices");
    await c.say("1");
    const sent = c.last!.effects.filter((e): e is OutboundMessage => e.type === "message");
    expect(sent).toHaveLength(2);
    expect(sent[0]!.body).toBe("We open at 9.");
    expect(sent[1]).toMatchObject({ body: "See you", media: ["https://x.test/shop.jpg"] });
    expect(sent[1]!.dueAt - sent[0]!.dueAt).toBe(2000);
  });

  it("redirects and inline redirects", async () => {
    const c = botFrom(`
+ hello
- Hi there!

+ hey
@ HELLO

+ greet *
- {@hello} Nice to see you, <star>.
`);
    expect(await c.say("hey")).toBe("Hi there!");
    expect(await c.say("greet sam")).toBe("Hi there! Nice to see you, sam.");
  });

  it("a redirect loop ends with RUN001", async () => {
    const c = botFrom(`
! global depth = 4
+ ping
@ pong

+ pong
@ ping
`);
    expect(await c.say("ping")).toBe("");
    expect(c.last!.effects.some((e) => e.type === "log" && e.code === "RUN001")).toBe(true);
  });

  it("$ calls read JSON by path", async () => {
    const env = testEnv({ http: (req) => ({ status: 200, text: JSON.stringify({ main: { temp: 18 }, q: req.url }) }) });
    const c = botFrom(
      `
+ weather in *
$ GET https://api.test/w?city=<star>
- It is \${{main.temp}} degrees.
`,
      env,
    );
    expect(await c.say("weather in new york")).toBe("It is 18 degrees.");
    expect(env.requests[0]!.url).toBe("https://api.test/w?city=new%20york");
  });

  it("math, conditions and history", async () => {
    const c = botFrom(`
+ add #
- <add total=<star>>Total is <get total>.

+ status
* <get total> >= 10 => Big: <get total>.
- Small: <get total>.

+ what did i say
- You said "<input2>".
`);
    await c.say("add 4");
    expect(await c.say("status")).toBe("Small: 4.");
    await c.say("add 7");
    expect(await c.say("status")).toBe("Big: 11.");
    expect(await c.say("what did i say")).toBe('You said "add 7".');
  });

  it("# punc nostrip keeps punctuation in captures", async () => {
    const c = botFrom(`
# punc nostrip
+ my email is *
- Saved <star>.
# punc strip

+ call me *
- Hi <star>.
`);
    expect(await c.say("My email is Ann.Lee@Example.com")).toBe("Saved Ann.Lee@Example.com.");
    expect(await c.say("call me Ann-Marie!")).toBe("Hi annmarie.");
  });

  it("reminders: scheduled with a snake_case name, readable, cancellable", async () => {
    const c = botFrom(`
+ remind me in a minute
- OK. ^reminder("Check In", "Checking in on you, <get name>!", 1700000060000)

+ when
- <get _reminder_check_in>

+ never mind
- Cancelled. ^reminderCancel("Check In")
`);
    expect(await c.say("remind me in a minute")).toBe("OK.");
    expect(c.last!.effects).toContainEqual(expect.objectContaining({ type: "scheduleReminder", name: "check_in", dueAt: 1700000060000 }));
    expect(await c.say("when")).toBe("1700000060000");
    expect(await c.say("never mind")).toBe("Cancelled.");
    expect(await c.say("when")).toBe("undefined");
  });

  it("reminders: a time from now (+1d, +2h, +1d12h) is added to the clock; anything else is RUN007", async () => {
    const now = 1_700_000_000_000;
    const c = botFrom(
      `
+ tomorrow
- OK. ^reminder(checkin, "How did it go?", +1d)

+ later
- OK. ^reminder(later, "Later!", +1d12h)

+ soon
- OK. ^reminder(soon, "Soon!", <get wait>)

+ bad
- OK. ^reminder(bad, "Never", tomorrow)
`,
      testEnv({ now }),
    );
    await c.say("tomorrow");
    expect(c.last!.effects).toContainEqual(expect.objectContaining({ type: "scheduleReminder", name: "checkin", dueAt: now + 86_400_000 }));
    await c.say("later");
    expect(c.last!.effects).toContainEqual(expect.objectContaining({ type: "scheduleReminder", name: "later", dueAt: now + 129_600_000 }));
    c.state.session.vars["wait"] = "+30m";
    await c.say("soon");
    expect(c.last!.effects).toContainEqual(expect.objectContaining({ type: "scheduleReminder", name: "soon", dueAt: now + 1_800_000 }));
    await c.say("bad");
    expect(c.last!.effects).toContainEqual(expect.objectContaining({ type: "log", code: "RUN007" }));
    expect(c.last!.effects.some((e) => e.type === "scheduleReminder")).toBe(false);
  });

  it("% previous and BEGIN", async () => {
    const c = botFrom(`
> begin
+ request
* <get blocked> == yes => You are blocked.
- {ok}
< begin

+ knock knock
- Who's there?

+ *
% whos there
- <sentence> who?

+ block me
- <set blocked=yes>Done.

+ *
- Say knock knock.
`);
    expect(await c.say("knock knock")).toBe("Who's there?");
    expect(await c.say("orange")).toBe("Orange who?");
    expect(await c.say("orange")).toBe("Say knock knock.");
    await c.say("block me");
    expect(await c.say("knock knock")).toBe("You are blocked.");
  });

  it("^notifyAgent hands the user to a human", async () => {
    const c = botFrom(`
+ agent
- Connecting you to a person. ^notifyAgent()

+ *
- bot reply
`);
    expect(await c.say("agent")).toBe("Connecting you to a person.");
    expect(c.state.session.handoff).toBe(true);
    expect(await c.say("hello?")).toBe("");
  });
});
