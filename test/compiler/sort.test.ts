/** @module Trigger priority (docs/language.md "Priority"): each expected order is what rivescript 2.2.1's sortReplies gives. */
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";

/** The trigger texts of `topic` in match order. */
function order(text: string, topic = "default", list: "triggers" | "previous" = "triggers"): string[] {
  const { ir, diagnostics } = compile([{ path: "s.bot", text }]);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return (ir.topics[topic]?.[list] ?? []).map((id) => ir.triggers[id]?.text ?? "?");
}

const script = (...triggers: string[]): string => triggers.map((t) => `+ ${t}\n- r`).join("\n");

describe("trigger priority", () => {
  it("sorts atomic, optional, _, #, * and the lone * in that order", () => {
    expect(order(script("*", "hello *", "# apples", "hello _", "what is [your] name", "hi", "how are you"))).toEqual([
      "how are you",
      "hi",
      "what is [your] name",
      "hello _",
      "# apples",
      "hello *",
      "*",
    ]);
  });

  it("puts {weight} first, highest weight first", () => {
    expect(order(script("hello there friend", "{weight=5} google *", "{weight=10} *"))).toEqual(["*", "google *", "hello there friend"]);
  });

  it("ranks by word count within a class; brackets stay attached and each alternative counts", () => {
    // `[*] hello [*]` has 5 "words": `[`, `]`, `hello`, `[`, `]`.
    expect(order(script("[*] hello [*]", "hello there *", "a b c *"))).toEqual(["[*] hello [*]", "a b c *", "hello there *"]);
    expect(order(script("(a|b) c", "x y z"))).toEqual(["(a|b) c", "x y z"]);
    expect(order(script("x y z", "(a|b) c"))).toEqual(["x y z", "(a|b) c"]);
  });

  it("keeps source order on ties: no length or alphabetical tie-break", () => {
    expect(order(script("* x *", "* xyz *"))).toEqual(["* x *", "* xyz *"]);
    expect(order(script("ab *", "cd *"))).toEqual(["ab *", "cd *"]);
    expect(order(script("cd *", "ab *"))).toEqual(["cd *", "ab *"]);
  });

  it("keeps every _ trigger with words above every # and * trigger; wordless wildcards come last", () => {
    expect(order(script("a b c d #", "x _"))).toEqual(["x _", "a b c d #"]);
    expect(order(script("a b c d *", "_"))).toEqual(["a b c d *", "_"]);
    expect(order(script("* *", "*", "_ *"))).toEqual(["_ *", "* *", "*"]);
  });

  it("orders the WD example as the implementations do: included topics unranked, after the inherited one", () => {
    const text = [
      "> topic alpha\n+ alpha trigger\n- a\n< topic",
      "> topic beta\n+ beta trigger\n- b\n< topic",
      "> topic delta\n+ delta trigger\n- d\n+ *\n- any\n< topic",
      "> topic gamma\n+ gamma trigger\n- g\n< topic",
      "> topic abc includes alpha beta delta inherits gamma\n+ how are you\n- fine\n< topic",
    ].join("\n");
    expect(order(text, "abc")).toEqual(["how are you", "gamma trigger", "alpha trigger", "beta trigger", "delta trigger", "*"]);
  });

  it("puts an included topic's triggers below the inherited ones when the topic does both", () => {
    const text = "> topic alpha\n+ * b\n- alpha\n< topic\n> topic gamma\n+ a b\n- gamma\n< topic\n> topic abc includes alpha inherits gamma\n< topic";
    expect(order(text, "abc")).toEqual(["a b", "* b"]);
  });

  it("lets a topic's lone * shadow everything it inherits (WD: abc inherits alpha beta)", () => {
    const text =
      "> topic alpha\n+ alpha trigger\n- a\n< topic\n> topic beta\n+ beta trigger\n- b\n< topic\n> topic abc inherits alpha beta\n+ how are you\n- fine\n+ *\n- star\n< topic";
    expect(order(text, "abc")).toEqual(["how are you", "*", "alpha trigger", "beta trigger"]);
  });

  it("gives a topic that includes a topic that inherits the inherited triggers last (WD: gamma includes beta; alpha inherits gamma)", () => {
    const text =
      "> topic beta\n+ beta trigger\n- b\n< topic\n> topic gamma includes beta\n+ gamma trigger\n- g\n< topic\n> topic alpha inherits gamma\n+ *\n- a\n< topic";
    expect(order(text, "alpha")).toEqual(["*", "gamma trigger", "beta trigger"]);
  });

  it("keeps % triggers in their own list, sorted on the + pattern", () => {
    const text = "+ knock knock\n- Who's there?\n+ *\n% whos there\n- <star> who?\n+ * who\n% *\n- lol";
    expect(order(text)).toEqual(["knock knock"]);
    expect(order(text, "default", "previous")).toEqual(["* who", "*"]);
  });

  it("treats random and default as one topic", () => {
    const text = "+ hi\n- hi\n> topic random\n+ hello\n- hello\n< topic";
    expect(order(text)).toEqual(["hi", "hello"]);
  });

  it("sorts the BEGIN block as topic __begin__", () => {
    expect(order("> begin\n+ request\n- {ok}\n< begin", "__begin__")).toEqual(["request"]);
  });

  it("survives include cycles (reported) and still lists each trigger once", () => {
    const { ir, diagnostics } = compile([{ path: "s.bot", text: "> topic a includes b\n+ x\n- x\n< topic\n> topic b includes a\n+ y\n- y\n< topic" }]);
    expect(diagnostics.map((d) => d.code)).toEqual(["BOT108"]);
    expect(ir.topics["a"]?.triggers).toHaveLength(2);
  });
});
