/** @module Engine tests: SMS directions (send, delay, media, buttons, reminders, hand-off) and broadcasts. */
import { describe, expect, it } from "vitest";
import type { TemplatePart } from "../../compiler/ir/types.ts";
import { fireReminder, loadBrain, renderTemplate } from "../../engine/index.ts";
import type { OutboundMessage } from "../../engine/types.ts";
import { bot, conversation, get, say, send, star, testEnv, tpl, NOW, USER, type BotSpec, type TriggerSpec } from "./helpers.ts";

const talk = (triggers: TriggerSpec[], extra: Partial<BotSpec> = {}, env = testEnv()) => conversation(bot({ topics: { default: triggers }, ...extra }), env);
const messages = (c: ReturnType<typeof talk>) => (c.last?.effects ?? []).filter((e): e is OutboundMessage => e.type === "message");
const delay = (seconds: number, cancelable = true): TemplatePart => ({ type: "delay", seconds, cancelable });
const t = (...parts: (string | TemplatePart)[]) => tpl(...parts);

describe("messages", () => {
  it("every step starts with cancelPending; <send> splits in order", async () => {
    const c = talk([say("hi", "One ", send, " Two")]);
    await c.say("hi");
    expect(c.last!.effects[0]).toEqual({ type: "cancelPending", userId: USER });
    expect(messages(c).map((m) => [m.body, m.seq, m.dueAt, m.cancelable])).toEqual([
      ["One", 0, NOW, true],
      ["Two", 1, NOW, true],
    ]);
    expect(c.last!.reply).toBe("One\nTwo");
  });

  it("delays offset later parts cumulatively; parts after nocancel are not cancelable", async () => {
    const c = talk([say("story", "A ", delay(1.5), " B ", delay(2, false), " C ", send, " D ", delay(1), " E")]);
    await c.say("story");
    expect(messages(c).map((m) => [m.body, m.dueAt - NOW, m.cancelable])).toEqual([
      ["A", 0, true],
      ["B", 1500, true],
      ["C", 3500, false],
      ["D", 3500, false],
      ["E", 4500, false],
    ]);
  });

  it("<noreply> sends nothing but keeps the reply's other effects", async () => {
    const c = talk([say("quiet", "text ", { type: "set", name: "q", value: t("1") }, { type: "noReply" }, { type: "reminderCancel", name: "x" })]);
    expect(await c.say("quiet")).toBe("");
    expect(messages(c)).toEqual([]);
    expect(c.state.session.vars.q).toBe("1");
    expect(c.last!.effects.map((e) => e.type)).toEqual(["cancelPending", "cancelReminder"]);
  });

  it("media attaches to the message it sits in; URLs encode inserted values", async () => {
    const c = talk([
      say("pic *", "Look ", { type: "media", kind: "image", url: t("https://x.test/img?q=", star()) }, send, "after ", {
        type: "media",
        kind: "file",
        url: t("card.vcf"),
      }),
    ]);
    await c.say("pic big cat");
    expect(messages(c).map((m) => [m.body, m.media])).toEqual([
      ["Look", ["https://x.test/img?q=big%20cat"]],
      ["after", ["card.vcf"]],
    ]);
  });

  it("a message with media only is still sent", async () => {
    const c = talk([say("pic", { type: "media", kind: "image", url: t("a.png") })]);
    await c.say("pic");
    expect(messages(c).map((m) => [m.body, m.media])).toEqual([["", ["a.png"]]]);
  });

  it("^link renders title: url or the bare url", async () => {
    const c = talk([say("l", { type: "link", url: t("https://a.test"), title: t("Docs") }, send, { type: "link", url: t("https://b.test"), title: null })]);
    expect(await c.say("l")).toBe("Docs: https://a.test\nhttps://b.test");
  });
});

describe("buttons", () => {
  const menu: TemplatePart = { type: "buttons", labels: [t("Hours"), t("Prices")] };
  const triggers = [say("menu", "Pick one:", menu), say("hours", "9 to 5"), say("prices", "cheap"), say("*", "?", star())];

  it("append a numbered menu and map the next answer once", async () => {
    const c = talk(triggers);
    expect(await c.say("menu")).toBe("Pick one:\n1) Hours\n2) Prices");
    expect(c.state.session.buttons).toEqual(["Hours", "Prices"]);
    expect(await c.say("2")).toBe("cheap");
    expect(c.state.session.buttons).toBeNull();
    expect(await c.say("2")).toBe("?2");
    await c.say("menu");
    expect(await c.say("HOURS")).toBe("9 to 5");
    await c.say("menu");
    expect(await c.say("3")).toBe("?3");
  });

  it("menus do not enter the reply history", async () => {
    const c = talk(triggers);
    await c.say("menu");
    expect(c.state.session.history.reply[0]).toBe("pick one");
  });
});

describe("reminders", () => {
  const schedule: TriggerSpec = {
    text: "remind me to * at #",
    replies: [t({ type: "reminder", name: "WakeUp Call", text: t("Time to ", star(1), ", ", get("name")), at: t(star(2)) }, "Will do")],
  };
  const cancel = say("cancel", { type: "reminderCancel", name: "wakeup call" }, "Cancelled");
  const due = say("when", get("_reminder_wakeup_call"));

  it("schedule with a snake_case name, readable as _reminder_NAME, fired later with captures bound", async () => {
    const c = talk([schedule, cancel, due, say("name *", { type: "set", name: "name", value: t(star()) }, "ok")]);
    expect(await c.say("remind me to stretch at 1700000060000")).toBe("Will do");
    expect(c.last!.effects).toContainEqual({ type: "scheduleReminder", userId: USER, name: "wakeup_call", dueAt: 1700000060000 });
    expect(await c.say("when")).toBe("1700000060000");
    await c.say("name Ann");
    const brain = loadBrain(bot({ topics: { default: [] } }));
    const fired = await fireReminder(brain, c.state, "wakeup_call", testEnv({ now: 1700000060000 }));
    expect(fired.reply).toBe("Time to stretch, ann");
    expect(fired.effects.map((e) => e.type)).toEqual(["message"]);
    expect(fired.session.reminders).toEqual({});
    expect(fired.session.meta).not.toHaveProperty("_reminder_wakeup_call");
    expect(fired.session.history.reply[0]).toBe("time to stretch ann");
    const again = await fireReminder(brain, fired, "wakeup_call", testEnv());
    expect(again.effects).toEqual([expect.objectContaining({ type: "log", code: "RUN008" })]);
    expect(again.matched).toBe(false);
  });

  it("cancel removes it", async () => {
    const c = talk([schedule, cancel, due]);
    await c.say("remind me to stretch at 1700000060000");
    await c.say("cancel");
    expect(c.last!.effects).toContainEqual({ type: "cancelReminder", userId: USER, name: "wakeup_call" });
    expect(c.state.session.reminders).toEqual({});
    expect(await c.say("when")).toBe("undefined");
  });

  it("a time that is not a number logs RUN007 and schedules nothing", async () => {
    const c = talk([say("bad", { type: "reminder", name: "x", text: t("hi"), at: t("tomorrow") }, "ok")]);
    expect(await c.say("bad")).toBe("ok");
    expect(c.last!.effects.map((e) => (e.type === "log" ? e.code : e.type))).toEqual(["cancelPending", "RUN007", "message"]);
    expect(c.state.session.reminders).toEqual({});
  });
});

describe("other directions", () => {
  it("^template and ^metadata are skipped with an info log", async () => {
    const c = talk([say("x", "hi", { type: "template", json: {} }, { type: "metadata", json: { a: 1 } })]);
    expect(await c.say("x")).toBe("hi");
    expect(c.last!.effects.filter((e) => e.type === "log").map((e) => e.type === "log" && [e.code, e.level])).toEqual([
      ["RUN009", "info"],
      ["RUN009", "info"],
    ]);
  });

  it("^notifyAgent hands off: topic human answers only with weighted default triggers", async () => {
    const c = talk([
      say("agent", "Connecting you", { type: "notifyAgent" }),
      { text: "bot please", weight: 10, replies: [t({ type: "topic", name: "default" }, "Back with the bot")] },
      say("*", "catch-all"),
    ]);
    await c.say("agent");
    expect(c.last!.effects).toContainEqual({ type: "handoff", userId: USER });
    expect(c.state.session).toMatchObject({ handoff: true, topic: "human" });
    expect(await c.say("hello?")).toBe("");
    expect(c.last!.matched).toBe(false);
    expect(await c.say("bot please")).toBe("Back with the bot");
    expect(c.state.session).toMatchObject({ handoff: false, topic: "default" });
    expect(await c.say("hello?")).toBe("catch-all");
  });
});

describe("broadcast bodies", () => {
  it("render per user with the same splitting, without cancelling pending parts", async () => {
    const c = talk([say("name *", { type: "set", name: "name", value: t(star()) }, "ok")]);
    await c.say("name bo");
    const brain = loadBrain(bot({ topics: { default: [] } }));
    const result = await renderTemplate(brain, c.state, t("Hi ", get("name"), send, "Sale today"), testEnv());
    expect(result.effects.map((e) => e.type === "message" && e.body)).toEqual(["Hi bo", "Sale today"]);
    expect(result.session.history.input).toEqual(c.state.session.history.input);
  });
});
