/** @module What existing RiveScript brains need to compile and answer here as in rivescript 2.2.1: objects in other languages, top-level alternatives, and more. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRunnableBot } from "../../bin/load-bot.ts";
import { compile } from "../../compiler/index.ts";
import { applyFix } from "../../compiler/diagnostics/fix.ts";
import { formatDiagnostic } from "../../compiler/diagnostics/format.ts";
import { createLocalRuntime } from "../../sandbox/local/index.ts";

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

describe("alternatives at the top level of a pattern", () => {
  const TEXT = "+ where are you [from]|where [do] you live\n- Online.\n\n+ oh|omg|wow{weight=2}\n- What happened?\n\n+ *\n- Hm.\n";

  it("are one warning per pattern with a fix, not an error per `|`", () => {
    const { diagnostics } = compile([{ path: "b.rive", text: TEXT }]);
    expect(diagnostics.map((d) => [d.code, d.severity, d.span.start.line, d.message])).toEqual([
      ["BOT029", "warning", 1, "Alternatives at the top level of the pattern: wrap them in ( )"],
      ["BOT029", "warning", 4, "Alternatives at the top level of the pattern: wrap them in ( )"],
    ]);
    const fixed = diagnostics.reduceRight((text, d) => applyFix(text, d.fix!), TEXT);
    expect(fixed).toBe("+ (where are you [from]|where [do] you live)\n- Online.\n\n+ (oh|omg|wow){weight=2}\n- What happened?\n\n+ *\n- Hm.\n");
    expect(compile([{ path: "b.rive", text: fixed }]).diagnostics).toEqual([]);
  });

  it("match as the fix writes them: whole alternatives, not rivescript's `^first|second$`", async () => {
    const { ir } = compile([{ path: "b.rive", text: TEXT }]);
    const runtime = createLocalRuntime({ ir, root: "/nonexistent" });
    const answer = async (body: string) => (await runtime.receive({ from: "u", body })).delivered.map((d) => d.body).join();
    expect([await answer("where are you from"), await answer("where do you live"), await answer("omg")]).toEqual(["Online.", "Online.", "What happened?"]);
    expect(await answer("where are you going tonight")).toBe("Hm.");
    // rivescript answers the last one from the first trigger: the reason it is a warning.
    expect(await rivescriptReply(TEXT, "where are you going tonight")).toBe("Online.");
  });

  it("leave an unbalanced bracket as the one error of its line, and the CLI prints the fix", () => {
    const { diagnostics } = compile([{ path: "b.rive", text: "+ a (b|c))|d\n- x\n" }]);
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(["BOT014 Unbalanced `)` in the pattern"]);
    const d = compile([{ path: "b.rive", text: TEXT }]).diagnostics[0]!;
    expect(formatDiagnostic(d, TEXT).split("\n").pop()).toBe("  = fix: Wrap the alternatives in ( ): + (where are you [from]|where [do] you live)");
  });
});

describe("every problem in one run", () => {
  it("bot compile's checks run after compile errors in other files, and skip only the triggers those errors are in", () => {
    const dir = mkdtempSync(join(tmpdir(), "bot-all-"));
    writeFileSync(join(dir, "a.rive"), "+ Hello\n- hi\n\n+ d (e\n- <star3>\n");
    writeFileSync(join(dir, "b.rive"), "+ *\n@ test recursion\n\n+ test more recursion\n@ test recursion\n\n+ c *\n- <star2> x\n");
    const codes = loadRunnableBot(dir).diagnostics.map((d) => `${d.span.file}:${d.span.start.line} ${d.code}`);
    expect(codes.sort()).toEqual(["a.rive:1 BOT013", "a.rive:4 BOT014", "b.rive:2 BOT205", "b.rive:8 BOT206"].sort());
  });
});
