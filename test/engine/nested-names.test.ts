/** @module Tags nested in variable names (`<set fav<star1>=<star2>>`): parsed, kept in the IR, rendered by the engine as rivescript 2.2.1 does. */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import { lint } from "../../compiler/lint/index.ts";
import variableNeverSet from "../../compiler/lint/rules/variable-never-set.ts";
import { validateIR } from "../../compiler/ir/validate.ts";
import { conversation, testEnv } from "./helpers.ts";

const RiveScript = createRequire(import.meta.url)("rivescript");

const FAVORITES = `
+ my favorite * is *
- <set fav<star1>=<star2>>Why is it your favorite?

+ what is my favorite *
- Your favorite <star> is <get fav<star>>.

+ bot says * is *
- <bot b_<star1>=<star2>><env g_<star1>=<star2>>ok

+ bot read *
- <bot b_<star>>/<env g_<star>>

+ count *
- <add n_<star>=2><mult n_<star>=5><get n_<star>>

+ empty is *
- <set <get nothing><bot nothing>=<star>>stored

+ read empty
- <get <get nothing><bot nothing>>

+ *
- I do not know.
`;

function compiled(text: string) {
  const result = compile([{ path: "test.bot", text }]);
  expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return result;
}

async function rivescriptReplies(text: string, inputs: string[]): Promise<string[]> {
  const rs = new RiveScript({ utf8: false });
  rs.stream(text);
  rs.sortReplies();
  const out: string[] = [];
  for (const input of inputs) out.push(await rs.reply("u", input));
  return out;
}

describe("nested tags in variable names", () => {
  it("compiles without BOT019 and keeps the name as a template in a valid IR", () => {
    const { ir } = compiled(FAVORITES);
    const set = ir.triggers[0]!.reply.replies[0]!.body[0]!;
    expect(set).toMatchObject({
      type: "set",
      name: [
        { type: "text", value: "fav" },
        { type: "star", index: 1 },
      ],
      value: [{ type: "star", index: 2 }],
    });
    const get = ir.triggers[1]!.reply.replies[0]!.body.find((p) => p.type === "get");
    expect(get).toMatchObject({
      type: "get",
      name: [
        { type: "text", value: "fav" },
        { type: "star", index: 1 },
      ],
    });
    expect(validateIR(JSON.parse(JSON.stringify(ir)))).toEqual({ ok: true, errors: [] });
  });

  it("answers the conversation as rivescript 2.2.1 does, names with spaces included", async () => {
    const inputs = [
      "my favorite color is blue",
      "what is my favorite color",
      "my favorite ice cream is mint",
      "what is my favorite ice cream",
      "what is my favorite food",
      "bot says mood is happy",
      "bot read mood",
      "count apples",
      "empty is here",
      "read empty",
    ];
    const c = conversation(compiled(FAVORITES).ir, testEnv());
    const ours: string[] = [];
    for (const input of inputs) ours.push(await c.say(input));
    expect(ours).toEqual(await rivescriptReplies(FAVORITES, inputs));
    expect(ours.slice(0, 4)).toEqual([
      "Why is it your favorite?",
      "Your favorite color is blue.",
      "Why is it your favorite?",
      "Your favorite ice cream is mint.",
    ]);
    expect(c.state.session.vars).toMatchObject({ favcolor: "blue", "favice cream": "mint", n_apples: "10" });
  });

  it("a name that renders to `__proto__` or `constructor` is an ordinary variable", async () => {
    const c = conversation(
      compiled("+ keep *\n- <bot <call>name</call>=<star>>kept\n+ show\n- <bot <call>name</call>>|<get <call>other</call>>|<bot constructor>\n").ir,
      testEnv({ macros: { name: () => "__proto__", other: () => "constructor" } }),
    );
    await c.say("keep x");
    expect(Object.getOwnPropertyNames(c.state.bot.vars)).toContain("__proto__");
    expect(await c.say("show")).toBe("x|undefined|undefined");
  });

  it("reports a space or a reserved name written in a nested name, and an unclosed nested name", () => {
    const codes = (text: string) => compile([{ path: "t.bot", text }]).diagnostics.map((d) => `${d.code}:${d.message}`);
    expect(codes("+ a *\n- <set my fav<star>=x>\n")).toEqual(["BOT027:Malformed `<set>`: the variable name has a space in it"]);
    expect(codes("+ a *\n- <set _x<star>=1>\n")).toEqual(["BOT113:`_x<star>` starts with `_`: those names are read-only platform variables"]);
    expect(codes("+ a *\n- <get fav<star>\n").map((c) => c.slice(0, 6))).toEqual(["BOT019"]);
  });
});

describe("BOT207 with names built at run time", () => {
  const findings = (text: string) => lint(compiled(text).ir, { only: [variableNeverSet] }).map((d) => d.data?.["name"]);

  it("treats a <get> with a built name as unknown, never as never-set", () => {
    expect(findings("+ what is my favorite *\n- <get fav<star>>\n")).toEqual([]);
  });

  it("counts a name of a built setter's shape as set, and still reports other names", () => {
    const text = "+ my favorite * is *\n- <set fav<star1>=<star2>>ok\n+ color\n- <get favcolor> <get colour>\n";
    expect(findings(text)).toEqual(["colour"]);
  });
});
