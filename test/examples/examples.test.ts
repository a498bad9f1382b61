/** @module Every example compiles and passes its transcripts; a broken transcript fails readably. */
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { loadBot } from "../../bin/load-bot.ts";
import { runTests } from "../../bin/commands/test.ts";
import { findTranscripts } from "../../sandbox/local/transcript/files.ts";

const EXAMPLES = join(import.meta.dirname, "../../examples");
const folders = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const transcripts = findTranscripts([EXAMPLES]).files;

describe("examples", () => {
  it("include every documented example, each with a transcript", () => {
    expect(folders).toEqual(expect.arrayContaining(["appointments", "contact-card", "faq", "menu", "quiz", "survey", "weather"]));
    for (const folder of folders) {
      expect(
        transcripts.some((t) => t.startsWith(join(EXAMPLES, folder) + "/")),
        `${folder} has a *.test.yaml`,
      ).toBe(true);
    }
  });

  it.each(folders)("%s compiles with zero errors", (folder) => {
    const { diagnostics } = loadBot(join(EXAMPLES, folder));
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it.each(transcripts.map((t) => [relative(EXAMPLES, t), t]))("%s passes", async (_name, file) => {
    const { output, exitCode } = await runTests([file]);
    expect(output).not.toContain("✗");
    expect(exitCode, output).toBe(0);
  });
});

describe("a broken transcript", () => {
  it("fails with a readable diff and exit code 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "broken-transcript-"));
    const file = join(dir, "broken.test.yaml");
    writeFileSync(
      file,
      `bot: ${join(EXAMPLES, "faq")}
tests:
  - name: hours with a wrong closing time
    steps:
      - say: hours
        expect: We're open 7am-5pm Monday to Saturday and 8am-2pm on Sunday.
  - name: still passes
    steps:
      - say: prices
        expect: { contains: "Sourdough" }
`,
    );
    const { output, exitCode } = await runTests([file]);
    expect(exitCode).toBe(1);
    expect(output).toContain("✗ hours with a wrong closing time");
    expect(output).toContain(`${relative(process.cwd(), file)}:5  say: "hours"`);
    expect(output).toContain("message 1: body differs at character 16");
    expect(output).toContain(`- 1. "We're open 7am-5pm Monday to Saturday and 8am-2pm on Sunday."`);
    expect(output).toContain(`+ 1. "We're open 7am-6pm Monday to Saturday and 8am-2pm on Sunday."`);
    expect(output).toContain("✓ still passes");
    expect(output).toContain("1 passed, 1 failed (1 file)");
  });
});
