/**
 * @module Issue 25's language fixes, each pinned on a small script next to rivescript 2.2.1's answer: substitution keys
 * matched as typed, `{ok}` inside formatting tags, `> object NAME` without a language, `<star>` with nothing captured,
 * malformed piped arrays, and wildcards glued to groups. Where the product differs on purpose, the test says which
 * sentence of docs/language.md states it.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import { lint } from "../../compiler/lint/engine.ts";
import { validateIR } from "../../compiler/ir/validate.ts";
import type { Diagnostic } from "../../compiler/diagnostics/types.ts";
import { loadBrain, newBotState, newSession, respond } from "../../engine/index.ts";
import type { EngineEnv } from "../../engine/types.ts";
import { seededRandom } from "../support/random.ts";

const RiveScript = createRequire(import.meta.url)("rivescript");

const env: EngineEnv = {
  clock: { now: () => 0 },
  random: seededRandom(7),
  fetcher: async () => ({ status: 0, text: "", error: "offline" }),
  macros: { call: async (name, args) => `${name}(${args.join(",")})` },
};

/** Our replies, one conversation; "(none)" when nothing matched. */
async function ours(source: string, inputs: string[]): Promise<string[]> {
  const { ir, diagnostics } = compile([{ path: "t.rive", text: source }]);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(validateIR(JSON.parse(JSON.stringify(ir)))).toEqual({ ok: true, errors: [] });
  const brain = loadBrain(ir);
  let state = { session: newSession("u", 0), bot: newBotState(ir) };
  const out: string[] = [];
  for (const body of inputs) {
    const r = await respond(brain, state, { from: "u", body, media: [] }, env);
    state = { session: r.session, bot: r.bot };
    out.push(r.matched ? r.reply : "(none)");
  }
  return out;
}

async function theirs(source: string, inputs: string[], warnings: string[] = []): Promise<string[]> {
  const rs = new RiveScript();
  rs.stream(source, (error: string) => warnings.push(error));
  rs.sortReplies();
  const out: string[] = [];
  for (const input of inputs) {
    const reply: string = await rs.reply("u", input);
    out.push(reply.startsWith("ERR: No Reply Matched") ? "(none)" : reply);
  }
  return out;
}

async function expectSame(source: string, inputs: string[], expected: string[]): Promise<void> {
  expect(await theirs(source, inputs)).toEqual(expected);
  expect(await ours(source, inputs)).toEqual(expected);
}

/** This issue's compile and lint diagnostics (and BOT206's) as `CODE severity line:column`. */
function diagnosticsOf(source: string): string[] {
  const { ir, diagnostics } = compile([{ path: "t.rive", text: source }]);
  const linted: Diagnostic[] = lint(ir);
  return [...diagnostics, ...linted]
    .filter((d) => /^BOT(03[1-9]|11[7-9]|22[0-4]|206|026|015)$/.test(d.code))
    .map((d) => `${d.code} ${d.severity} ${d.span.start.line}:${d.span.start.column}`);
}

describe("substitution keys are matched as typed", () => {
  // The emoticon subs of public brains: stripped of their punctuation they became `d`, `-` and `)`.
  const source = [
    "! sub :d = grin",
    "! sub :- = foot",
    "! sub :) = smile",
    "! sub ;) = wink",
    "! sub what's = what is",
    "+ vitamin d",
    "- VITAMIN",
    "+ # #",
    "- MATH <star1> <star2>",
    "+ * smile",
    "- SMILE",
    "+ * wink",
    "- WINK",
    "+ what is up",
    "- UP",
    "+ *",
    "- STAR <star>",
  ].join("\n");

  it("leaves words and other keys alone: `vitamin d` stays, `5 - 3` stays", async () => {
    await expectSame(source, ["vitamin d", "5 - 3", "What's up?"], ["VITAMIN", "MATH 5 3", "UP"]);
  });

  it("gives `;)` and `:)` each their own substitution (rivescript applies neither: a documented difference)", async () => {
    expect(await theirs(source, ["hi ;)", "hi :)"])).toEqual(["STAR hi", "STAR hi"]);
    expect(await ours(source, ["hi ;)", "hi :)", "hi :).", "I'm happy :D"])).toEqual(["WINK", "SMILE", "SMILE", "STAR im happy grin"]);
  });

  it("warns on two keys that are one text once . , ! ? ; : are removed (BOT117)", () => {
    expect(diagnosticsOf(source).filter((d) => d.startsWith("BOT117"))).toEqual(["BOT117 warning 4:1"]);
    expect(diagnosticsOf("! sub :) = smile\n! sub :-) = smile\n+ *\n- x\n").filter((d) => d.startsWith("BOT117"))).toEqual([]);
  });
});

describe("BEGIN: formatting tags around {ok}", () => {
  it("format the real reply", async () => {
    const source = "> begin\n+ request\n- {uppercase}{ok}{/uppercase}\n< begin\n+ hello\n- Hello there.\n+ my name is *\n- {formal}<star>{/formal}, welcome.\n";
    await expectSame(source, ["hello", "my name is ada lovelace"], ["HELLO THERE.", "ADA LOVELACE, WELCOME."]);
  });

  it("leave the BEGIN reply's own text as it is", async () => {
    const source = "> begin\n+ request\n- Bot: {lowercase}{ok}{/lowercase}\n< begin\n+ hello\n- HELLO THERE.\n";
    await expectSame(source, ["hello"], ["Bot: hello there."]);
  });

  it("nest, innermost first", async () => {
    const source = "> begin\n+ request\n- {uppercase}{formal}{ok}{/formal}{/uppercase}\n< begin\n+ hello\n- hello there.\n";
    expect(await ours(source, ["hello"])).toEqual(["HELLO THERE."]);
  });
});

describe("warnings where rivescript answers", () => {
  it("> object NAME with no language is javascript (BOT031), and the language is read case-insensitively", async () => {
    const source =
      "> object hello\nreturn 'hi';\n< object\n> object shout JavaScript\nreturn 'HI';\n< object\n+ test\n- <call>hello</call> <call>shout</call>\n";
    expect(diagnosticsOf(source)).toEqual(["BOT031 warning 1:1"]);
    const { ir } = compile([{ path: "t.rive", text: source }]);
    expect(Object.keys(ir.objects).sort()).toEqual(["hello", "shout"]);
    expect(await ours(source, ["test"])).toEqual(["hello() shout()"]);
  });

  it("<star> in a reply to a trigger with no wildcard renders `undefined`, with a warning (BOT220), not an error", async () => {
    const source = "+ test\n- <call>echo <star></call> and <star2>\n";
    expect(diagnosticsOf(source)).toEqual(["BOT220 warning 2:14", "BOT220 warning 2:32"]);
    expect(await theirs("> object echo javascript\nreturn args.join('|');\n< object\n" + source, ["test"])).toEqual(["undefined and undefined"]);
    expect(await ours(source, ["test"])).toEqual(["echo(undefined) and undefined"]);
  });

  it("malformed piped arrays get rivescript's three warnings, with the line, and the empty items are dropped", async () => {
    const source = [
      "! array hello = hi|hey|sup|yo|",
      "! array something = |something|some thing",
      "! array nothing = nothing||not a thing",
      "+ [*] @hello [*]",
      "- Oh hello there.",
      "+ [*] (@nothing) [*]",
      "- Nothing: <star>.",
      "+ *",
      "- Anything else?",
    ].join("\n");
    const warnings: string[] = [];
    await theirs(source, [], warnings);
    expect(warnings.map((w) => /line (\d+)/.exec(w)?.[1])).toEqual(["1", "2", "3"]);
    expect(diagnosticsOf(source)).toEqual(["BOT032 warning 1:30", "BOT032 warning 2:21", "BOT033 warning 3:26"]);
    await expectSame(source, ["Hey!", "sup", "not a thing", "Bye!"], ["Oh hello there.", "Oh hello there.", "Nothing: not a thing.", "Anything else?"]);
  });
});

describe("empty options in groups", () => {
  it("are dropped with a warning (BOT034) on the line rivescript warns on; a group with no option is still an error (BOT015)", async () => {
    const source = [
      "+ [*] (hi|hey|sup|yo|) [*]",
      "- Oh hello there.",
      "+ [*] (|good|great|nice) [*]",
      "- Oh nice!",
      "+ cat [*] [mild|warm||hot] [*] to me",
      "- Purrfect.",
      "+ *",
      "- Anything else?",
    ].join("\n");
    const warnings: string[] = [];
    await theirs(source, [], warnings);
    expect(warnings.map((w) => /line (\d+)/.exec(w)?.[1])).toEqual(["1", "3", "5"]);
    expect(diagnosticsOf(source)).toEqual(["BOT034 warning 1:22", "BOT034 warning 3:8", "BOT034 warning 5:22"]);
    await expectSame(source, ["sup", "so good", "Cat should not feel warm to me", "Bye!"], ["Oh hello there.", "Oh nice!", "Purrfect.", "Anything else?"]);
    expect(diagnosticsOf("+ hello []\n- hi\n")).toEqual(["BOT015 error 1:10"]);
  });
});

describe("wildcards glued to groups", () => {
  it("match inside the word, as rivescript's regex does (docs/language.md: glued wildcards)", async () => {
    const source = [
      "+ my *(girlfriend|boyfriend)s name is *",
      "- Your <star2> is <star3>.",
      "+ x*(abc|def)",
      "- Glued <star2>.",
      "+ (one|two)#",
      "- Number <star2>.",
      "+ what(s| is) up",
      "- Not much.",
      "+ *",
      "- STAR",
    ].join("\n");
    await expectSame(
      source,
      ["my best girlfriends name is Ann", "my girlfriends name is Ann", "xyzabc", "one23", "two 5", "whats up", "what is up"],
      ["Your girlfriend is ann.", "STAR", "Glued abc.", "Number 23.", "STAR", "Not much.", "Not much."],
    );
  });
});

describe("arrays that name other arrays", () => {
  it("include their items when matching, as rivescript-js expands them (a cycle or an undefined array adds nothing)", async () => {
    const source = [
      "! array primary = red green blue",
      "! array rgb = @primary black",
      "! array colors = @rgb pink",
      "! array animals = @birds dog",
      "! array birds = pigeon @animals",
      "! array stars = @male_singers rihanna",
      "+ is (@colors) a color",
      "- Yes, <star>.",
      "+ my (@animals) is *",
      "- Your <star1>.",
      "+ i like (@stars)",
      "- Me too, <star>.",
      "+ *",
      "- STAR",
    ].join("\n");
    await expectSame(
      source,
      ["is red a color", "is black a color", "is pink a color", "is cyan a color", "my pigeon is lucy", "i like rihanna"],
      ["Yes, red.", "Yes, black.", "Yes, pink.", "STAR", "Your pigeon.", "Me too, rihanna."],
    );
  });
});
