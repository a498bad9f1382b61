/** @module Engine tests: redirects, conditions and weighted random replies. */
import { describe, expect, it } from "vitest";
import type { TemplatePart } from "../../compiler/ir/types.ts";
import { bot, conversation, get, say, set, star, testEnv, tpl, type TriggerSpec } from "./helpers.ts";

const talk = (triggers: TriggerSpec[], extra: Parameters<typeof bot>[0] extends infer B ? Partial<B> : never = {}, env = testEnv()) =>
  conversation(bot({ topics: { default: triggers }, ...extra }), env);
const logs = (c: ReturnType<typeof talk>) => (c.last?.effects ?? []).filter((e) => e.type === "log");

describe("redirects", () => {
  it("@ redirects the whole reply; targets are normalised like a message", async () => {
    const c = talk([{ text: "hey", redirect: tpl("Hello, Bot!") }, say("hello bot", "Hello human."), { text: "greet *", redirect: tpl("HELLO ", star()) }]);
    expect(await c.say("hey")).toBe("Hello human.");
    expect(await c.say("greet bot")).toBe("Hello human.");
  });

  it("{@} inlines a reply; <@> uses the capture", async () => {
    const c = talk([
      say("hello", "Hi!"),
      say("say hi", "Bot says: ", { type: "inlineRedirect", target: tpl("hello") }),
      say("redirect *", "=> ", { type: "inlineRedirect", target: [star()] }),
    ]);
    expect(await c.say("say hi")).toBe("Bot says: Hi!");
    expect(await c.say("redirect hello")).toBe("=> Hi!");
  });

  it("a redirect loop stops at depth with RUN001, no reply and no changes", async () => {
    const c = talk(
      [
        { text: "a", replies: [tpl(set("touched", "yes"), { type: "inlineRedirect", target: tpl("b") })] },
        { text: "b", redirect: tpl("a") },
      ],
      { depth: 5 },
    );
    expect(await c.say("a")).toBe("");
    expect(c.last!.matched).toBe(true);
    expect(c.last!.effects.filter((e) => e.type === "message")).toEqual([]);
    expect(logs(c).map((e) => e.type === "log" && e.code)).toEqual(["RUN001"]);
    expect(c.state.session.vars.touched).toBeUndefined();
    expect(c.state.session.history.input[0]).toBe("a");
  });
});

describe("conditions", () => {
  const cond = (left: TemplatePart[], op: "==" | "!=" | "<" | "<=" | ">" | ">=", right: string, body: string) => ({
    left,
    op,
    right: tpl(right),
    body: tpl(body),
  });

  it("first true condition wins, else the - replies", async () => {
    const c = talk([
      say("set *", set("n", star()), "ok"),
      {
        text: "check",
        conditions: [cond([get("n")], "==", "undefined", "unset"), cond([get("n")], ">", "10", "big"), cond([get("n")], ">=", "5", "medium")],
        replies: [tpl("small")],
      },
    ]);
    expect(await c.say("check")).toBe("unset");
    await c.say("set 12");
    expect(await c.say("check")).toBe("big");
    await c.say("set 5");
    expect(await c.say("check")).toBe("medium");
    await c.say("set 2");
    expect(await c.say("check")).toBe("small");
  });

  it("compares numbers numerically and other text as strings", async () => {
    const c = talk([
      say("set *", set("n", star()), "ok"),
      { text: "lt", conditions: [cond([get("n")], "<", "9", "less")], replies: [tpl("not less")] },
      { text: "lt b", conditions: [cond([get("n")], "<", "b", "less")], replies: [tpl("not less")] },
      { text: "eq", conditions: [cond([get("n")], "==", "10.0", "equal")], replies: [tpl("different")] },
    ]);
    await c.say("set 10");
    expect(await c.say("lt")).toBe("not less");
    expect(await c.say("eq")).toBe("equal");
    await c.say("set apple");
    expect(await c.say("lt b")).toBe("less");
    await c.say("set cherry");
    expect(await c.say("lt b")).toBe("not less");
  });

  it("a trigger with only false conditions logs RUN011 and sends nothing", async () => {
    const c = talk([{ text: "x", conditions: [cond([get("n")], "==", "1", "one")] }]);
    expect(await c.say("x")).toBe("");
    expect(c.last!.matched).toBe(true);
    expect(logs(c).map((e) => e.type === "log" && e.code)).toEqual(["RUN011"]);
  });
});

describe("random replies", () => {
  it("are weighted and deterministic for a seed", async () => {
    const triggers: TriggerSpec[] = [
      {
        text: "pick",
        replies: [
          { weight: 1, body: tpl("rare") },
          { weight: 50, body: tpl("common") },
        ],
      },
    ];
    const counts = { rare: 0, common: 0 };
    const c = talk(triggers, {}, testEnv({ seed: 7 }));
    for (let i = 0; i < 200; i++) counts[(await c.say("pick")) as "rare" | "common"]++;
    expect(counts.common).toBeGreaterThan(180);
    expect(counts.rare).toBeGreaterThan(0);
    const again = talk(triggers, {}, testEnv({ seed: 7 }));
    const first: string[] = [];
    for (let i = 0; i < 20; i++) first.push(await again.say("pick"));
    const third = talk(triggers, {}, testEnv({ seed: 7 }));
    for (let i = 0; i < 20; i++) expect(await third.say("pick")).toBe(first[i]);
  });

  it("caps huge weights", async () => {
    const env = testEnv();
    env.random = () => 0.9995; // ticket 1000 of 1001: the light reply, which an uncapped weight would never reach
    const d = talk(
      [
        {
          text: "pick",
          replies: [
            { weight: 1e9, body: tpl("heavy") },
            { weight: 1, body: tpl("light") },
          ],
        },
      ],
      {},
      env,
    );
    expect(await d.say("pick")).toBe("light");
  });

  it("{random} picks one option", async () => {
    const env = testEnv();
    env.random = () => 0.5;
    const c = talk([say("r", { type: "random", options: [tpl("a"), tpl("b"), tpl("c")] })], {}, env);
    expect(await c.say("r")).toBe("b");
  });
});
