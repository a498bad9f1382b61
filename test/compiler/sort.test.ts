/** @module Trigger priority against LANGUAGE.md §3 and the WD's worked examples. */
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
      "how are you", "hi", "what is [your] name", "hello _", "# apples", "hello *", "*",
    ]);
  });

  it("puts {weight} first, highest weight first", () => {
    expect(order(script("hello there friend", "{weight=5} google *", "{weight=10} *"))).toEqual(["*", "google *", "hello there friend"]);
  });

  it("ranks by word count within a class; brackets and pipes are not words", () => {
    // rivescript-js counts `[`, `]` as words and would put `[*] hello [*]` (5 "words") first.
    expect(order(script("[*] hello [*]", "hello there *", "a b c *"))).toEqual(["a b c *", "hello there *", "[*] hello [*]"]);
    expect(order(script("(a|b) c", "x y z"))).toEqual(["(a|b) c", "x y z"]);
  });

  it("breaks ties by trigger length, then by source order", () => {
    // rivescript-js leaves these in source order; the WD and this compiler put the longer first.
    expect(order(script("* x *", "* xyz *"))).toEqual(["* xyz *", "* x *"]);
    expect(order(script("ab *", "cd *"))).toEqual(["ab *", "cd *"]);
    expect(order(script("cd *", "ab *"))).toEqual(["cd *", "ab *"]);
  });

  it("keeps every _ trigger above every # and * trigger, whatever the word count", () => {
    expect(order(script("a b c d *", "_"))).toEqual(["_", "a b c d *"]);
    expect(order(script("* *", "*", "_ *"))).toEqual(["_ *", "* *", "*"]);
  });

  it("orders the WD example: abc includes alpha beta delta inherits gamma", () => {
    const text = [
      "> topic alpha\n+ alpha trigger\n- a\n< topic",
      "> topic beta\n+ beta trigger\n- b\n< topic",
      "> topic delta\n+ delta trigger\n- d\n+ *\n- any\n< topic",
      "> topic gamma\n+ gamma trigger\n- g\n< topic",
      "> topic abc includes alpha beta delta inherits gamma\n+ how are you\n- fine\n< topic",
    ].join("\n");
    expect(order(text, "abc")).toEqual(["how are you", "alpha trigger", "delta trigger", "beta trigger", "*", "gamma trigger"]);
  });

  it("puts an included topic's triggers above the inherited ones (unlike rivescript-js)", () => {
    const text = "> topic alpha\n+ * b\n- alpha\n< topic\n> topic gamma\n+ a b\n- gamma\n< topic\n> topic abc includes alpha inherits gamma\n< topic";
    expect(order(text, "abc")).toEqual(["* b", "a b"]);
  });

  it("lets a topic's lone * shadow everything it inherits (WD: abc inherits alpha beta)", () => {
    const text = "> topic alpha\n+ alpha trigger\n- a\n< topic\n> topic beta\n+ beta trigger\n- b\n< topic\n> topic abc inherits alpha beta\n+ how are you\n- fine\n+ *\n- star\n< topic";
    expect(order(text, "abc")).toEqual(["how are you", "*", "alpha trigger", "beta trigger"]);
  });

  it("gives a topic that includes a topic that inherits the inherited triggers last (WD: gamma includes beta; alpha inherits gamma)", () => {
    const text = "> topic beta\n+ beta trigger\n- b\n< topic\n> topic gamma includes beta\n+ gamma trigger\n- g\n< topic\n> topic alpha inherits gamma\n+ *\n- a\n< topic";
    expect(order(text, "alpha")).toEqual(["*", "gamma trigger", "beta trigger"]);
  });

  it("keeps % triggers in their own list, sorted on the + pattern", () => {
    const text = "+ knock knock\n- Who's there?\n+ *\n% whos there\n- <star> who?\n+ * who\n% *\n- lol";
    expect(order(text)).toEqual(["knock knock"]);
    expect(order(text, "default", "previous")).toEqual(["* who", "*"]);
  });

  it("treats random and default as one topic", () => {
    const text = "+ hi\n- hi\n> topic random\n+ hello\n- hello\n< topic";
    expect(order(text)).toEqual(["hello", "hi"]);
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
