/**
 * @module The classes of difference found on real brains (docs/language.md "Priority", "Substitutions",
 * "Differences from rivescript"), each pinned on a small script: our reply next to rivescript 2.2.1's.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import { validateIR } from "../../compiler/ir/validate.ts";
import { loadBrain, newBotState, newSession, respond } from "../../engine/index.ts";
import type { EngineEnv } from "../../engine/types.ts";
import { seededRandom } from "../support/random.ts";

const RiveScript = createRequire(import.meta.url)("rivescript");

const env: EngineEnv = {
  clock: { now: () => 0 },
  random: seededRandom(7),
  fetcher: async () => ({ status: 0, text: "", error: "offline" }),
  macros: { call: async () => "" },
};

async function ours(source: string, inputs: string[]): Promise<string[]> {
  const { ir, diagnostics } = compile([{ path: "t.rive", text: source }]);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(validateIR(JSON.parse(JSON.stringify(ir)))).toEqual({ ok: true, errors: [] });
  const brain = loadBrain(ir);
  const out: string[] = [];
  for (const body of inputs) {
    const r = await respond(brain, { session: newSession("u", 0), bot: newBotState(ir) }, { from: "u", body, media: [] }, env);
    out.push(r.matched ? r.reply : "(none)");
  }
  return out;
}

async function theirs(source: string, inputs: string[]): Promise<string[]> {
  const rs = new RiveScript();
  rs.stream(source);
  rs.sortReplies();
  const out: string[] = [];
  for (const input of inputs) {
    const reply: string = await rs.reply(`u${out.length}`, input);
    out.push(reply.startsWith("ERR: No Reply Matched") ? "(none)" : reply);
  }
  return out;
}

async function expectSame(source: string, inputs: string[], expected: string[]): Promise<void> {
  expect(await theirs(source, inputs)).toEqual(expected);
  expect(await ours(source, inputs)).toEqual(expected);
}

describe("substitutions see the message before punctuation is stripped", () => {
  const source = [
    "! sub (a) = angel",
    "! sub 8) = cool",
    "! sub + = plus",
    "! sub i'm = i am",
    "+ angel",
    "- ANGEL",
    "+ cool",
    "- COOL",
    "+ # plus #",
    "- PLUS",
    "+ i am *",
    "- IAM <star>",
    "+ i have a *",
    "- HAVE <star>",
    "+ *",
    "- STAR",
  ].join("\n");

  it("applies keys with punctuation, and leaves the bare word alone", async () => {
    await expectSame(
      source,
      ["(a)", "(A)!", "8)", "2 + 2", "I'm here", "i have a cat", "im here"],
      ["ANGEL", "ANGEL", "COOL", "PLUS", "IAM here", "HAVE cat", "STAR"],
    );
  });

  it("meets a typographic apostrophe as a plain one", async () => {
    expect(await ours(source, ["I’m here"])).toEqual(["IAM here"]);
  });

  it("applies keys written with . , ! ? ; : (a documented difference: rivescript never applies them)", async () => {
    const smile = "! sub :) = smile\n+ smile\n- SMILE\n+ *\n- STAR";
    expect(await theirs(smile, [":)"])).toEqual(["STAR"]);
    expect(await ours(smile, [":)", "hi :)"])).toEqual(["SMILE", "STAR"]);
  });
});

describe("trigger order is the implementations' sortReplies", () => {
  it("counts brackets as words: [*] hello [*] before hello *", async () => {
    await expectSame("+ hello *\n- STAR-LAST\n+ [*] hello [*]\n- OPTIONAL-WILD", ["hello there"], ["OPTIONAL-WILD"]);
  });

  it("puts every _ trigger before every # and * trigger, whatever their words", async () => {
    await expectSame("+ i am # years old today\n- NUMBER\n+ i _ * *\n- ALPHA", ["i am 5 years old today"], ["ALPHA"]);
  });

  it("keeps source order on equal keys (no length tie-break)", async () => {
    await expectSame("+ * x *\n- SHORT\n+ * xyz *\n- LONG", ["a x b xyz c"], ["SHORT"]);
    await expectSame("+ * xyz *\n- LONG\n+ * x *\n- SHORT", ["a x b xyz c"], ["LONG"]);
  });

  it("counts each alternative as a word: [please|now|then] hi * (4) before [please] hi there * (3)", async () => {
    await expectSame("+ [please] hi there *\n- THREE\n+ [please|now|then] hi *\n- FOUR", ["please hi there you"], ["FOUR"]);
  });
});

describe("a wildcard glued to a word matches inside the word", () => {
  const source = ["+ hello*", "- HELLO [<star>]", "+ _negative", "- NEG [<star>]", "+ [like] * proximus*", "- PROX [<star1>] [<star2>]", "+ *", "- STAR"].join(
    "\n",
  );

  it("agrees with rivescript on which trigger answers", async () => {
    const inputs = ["helloworld", "hello there", "hello", "musicnegative", "negative", "like tom proximusblue", "i proximus now"];
    const expected = ["HELLO", "HELLO", "STAR", "NEG", "STAR", "PROX", "PROX"];
    const first = (replies: string[]) => replies.map((r) => r.split(" ")[0]);
    expect(first(await theirs(source, inputs))).toEqual(expected);
    expect(first(await ours(source, inputs))).toEqual(expected);
  });

  it("captures the rest of the word, or the words after it", async () => {
    expect(await ours(source, ["helloworld", "hello there you", "musicnegative", "like tom proximusblue"])).toEqual([
      "HELLO [world]",
      "HELLO [there you]",
      "NEG [music]",
      "PROX [tom] [blue]",
    ]);
  });
});
