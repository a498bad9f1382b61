/** @module What existing RiveScript brains need to compile and answer here as in rivescript 2.2.1: objects in other languages, and more. */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import { createLocalRuntime } from "../../runtime/local/index.ts";

const RiveScript = createRequire(import.meta.url)("rivescript");

async function rivescriptReply(text: string, input: string): Promise<string> {
  const rs = new RiveScript({ utf8: false });
  rs.stream(text);
  rs.sortReplies();
  return rs.reply("u", input);
}

describe("objects in languages other than JavaScript", () => {
  const BRAIN = `
> object shutdown perl
  my ($rs) = @_;
  exit(0);
< object

> object hello javascript
  return "hello " + args.join(" ");
< object

+ shut down
- <call>shutdown</call>

+ greet *
- <call>hello <star></call>

+ missing
- <call>nothing here</call>
`;

  it("are a warning, not an error, and are left out of the IR", () => {
    const { ir, diagnostics } = compile([{ path: "admin.rive", text: BRAIN }]);
    expect(diagnostics.map((d) => [d.code, d.severity, d.span.start.line])).toEqual([["BOT114", "warning", 2]]);
    expect(Object.keys(ir.objects)).toEqual(["hello"]);
  });

  it("answer a <call> as rivescript 2.2.1 answers it: as a macro that does not exist", async () => {
    const { ir } = compile([{ path: "admin.rive", text: BRAIN }]);
    const runtime = createLocalRuntime({ ir, root: "/nonexistent", macroTimeoutMs: 5000 });
    for (const input of ["shut down", "missing", "greet world"]) {
      const turn = await runtime.receive({ from: "u", body: input });
      expect(turn.delivered.map((d) => d.body).join("\n"), input).toBe(await rivescriptReply(BRAIN, input));
    }
    expect(await rivescriptReply(BRAIN, "shut down")).toBe("[ERR: Object Not Found]");
  });
});
