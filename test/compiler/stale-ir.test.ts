/** @module The IR's record of its sources (emit phase), `bot compile -o`'s root, and bin/stale-ir.ts's comparison with the files as they are now. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { compile } from "../../compiler/index.ts";
import { sha256 } from "../../compiler/3-emit/sources.ts";
import { IR_VERSION, type BotIR } from "../../compiler/ir/types.ts";
import { validateIR } from "../../compiler/ir/validate.ts";
import { loadBot } from "../../bin/load-bot.ts";
import { runCompile } from "../../bin/commands/compile.ts";
import { checkFreshness, staleMessage } from "../../bin/stale-ir.ts";

const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { name: string; version: string };

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "bot-stale-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** `bot compile <from> -o <out>` in process (its console output silenced); returns the IR it wrote. */
function compileTo(from: string, out: string): BotIR {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    expect(runCompile(from, out)).toBe(0);
  } finally {
    log.mockRestore();
  }
  return JSON.parse(readFileSync(out, "utf8")) as BotIR;
}

describe("the IR's compiler stamp and source record", () => {
  it("names the package and version, and hashes each source and the whole", () => {
    const { ir } = compile([
      { path: "b.bot", text: "+ b\n- b\n" },
      { path: "a.bot", text: "+ a\n- a\n" },
    ]);
    expect(ir.irVersion).toBe(IR_VERSION);
    expect(ir.compiler).toEqual({ name: manifest.name, version: manifest.version });
    expect(ir.sources.files).toEqual([
      { path: "a.bot", sha256: sha256("+ a\n- a\n") },
      { path: "b.bot", sha256: sha256("+ b\n- b\n") },
    ]);
    expect(ir.sources.sha256).toBe(sha256(`a.bot\u0000${sha256("+ a\n- a\n")}\nb.bot\u0000${sha256("+ b\n- b\n")}\n`));
    expect(ir.sources.folder).toBe(false);
    expect(validateIR(JSON.parse(JSON.stringify(ir)))).toEqual({ ok: true, errors: [] });
  });

  it("changes with any input, bot.config.yaml included, and not otherwise", () => {
    const one = compile([{ path: "a.bot", text: "+ a\n- a\n" }]).ir.sources.sha256;
    expect(compile([{ path: "a.bot", text: "+ a\n- a\n" }]).ir.sources.sha256).toBe(one);
    expect(compile([{ path: "a.bot", text: "+ a\n- A\n" }]).ir.sources.sha256).not.toBe(one);
    expect(compile([{ path: "c.bot", text: "+ a\n- a\n" }]).ir.sources.sha256).not.toBe(one);
    const withConfig = compile([{ path: "a.bot", text: "+ a\n- a\n" }], { record: { also: [{ path: "bot.config.yaml", text: "lint: {}\n" }] } }).ir;
    expect(withConfig.sources.files.map((f) => f.path)).toEqual(["a.bot", "bot.config.yaml"]);
    expect(withConfig.sources.sha256).not.toBe(one);
  });

  it("records a folder's .bot/.rive files and bot.config.yaml as bot run will look for them", () => {
    const dir = folder({ "faq.bot": "+ hi\n- hello\n", "more/x.rive": "+ x\n- x\n", "bot.config.yaml": "runtime:\n  help: bot\n" });
    const { ir } = loadBot(dir);
    expect(ir.sources.files.map((f) => f.path)).toEqual(["bot.config.yaml", "faq.bot", "more/x.rive"]);
    expect(ir.sources.folder).toBe(true);
    expect(loadBot(join(dir, "faq.bot")).ir.sources.folder).toBe(false);
  });

  it("refuses another IR format, naming the version that wrote it and what to do", () => {
    const { ir } = compile([{ path: "a.bot", text: "+ a\n- a\n" }]);
    expect(validateIR({ ...ir, irVersion: 3, compiler: { name: "dexter-bot", version: "9.0.0" } }).errors).toEqual([
      `irVersion is 3 (written by dexter-bot 9.0.0), and this dexter-bot ${manifest.version} runs IR format ${IR_VERSION} only: recompile the bot with this version (bot compile <bot> -o <file>) or upgrade dexter-bot`,
    ]);
    expect(validateIR({ ...ir, irVersion: 1 }).errors[0]).toMatch(
      /^irVersion is 1 .*runs IR format 2 only: recompile the bot with bot compile <bot> -o <file>$/,
    );
  });
});

describe("checkFreshness", () => {
  it("is fresh right after bot compile -o, beside the sources or elsewhere", () => {
    const dir = folder({ "faq.bot": "+ hi\n- hello\n", "bot.config.yaml": "lint: {}\n" });
    const beside = compileTo(dir, join(dir, "faq.json"));
    expect(beside.sources.root).toBe(".");
    expect(checkFreshness(join(dir, "faq.json"), beside)).toEqual({ status: "fresh", root: dir });
    const out = mkdtempSync(join(tmpdir(), "bot-stale-out-"));
    const elsewhere = compileTo(dir, join(out, "faq.json"));
    expect(elsewhere.sources.root).toMatch(/^\.\.\/bot-stale-/);
    expect(checkFreshness(join(out, "faq.json"), elsewhere).status).toBe("fresh");
  });

  it("names changed, added and removed files", () => {
    const dir = folder({ "faq.bot": "+ hi\n- hello\n", "old.bot": "+ old\n- old\n" });
    const ir = compileTo(dir, join(dir, "faq.json"));
    writeFileSync(join(dir, "faq.bot"), "+ hi\n- hello again\n");
    writeFileSync(join(dir, "new.rive"), "+ new\n- new\n");
    writeFileSync(join(dir, "bot.config.yaml"), "lint: {}\n");
    rmSync(join(dir, "old.bot"));
    const freshness = checkFreshness(join(dir, "faq.json"), ir);
    expect(freshness).toEqual({ status: "stale", root: dir, changed: ["faq.bot"], added: ["new.rive", "bot.config.yaml"], removed: ["old.bot"] });
    if (freshness.status !== "stale") return;
    expect(staleMessage(join(dir, "faq.json"), freshness, dir)).toBe(
      "faq.json is out of date: since it was compiled, its sources in . have changed faq.bot; added new.rive, bot.config.yaml; removed old.bot. " +
        "It runs as compiled; run bot compile . -o faq.json to update it.",
    );
  });

  it("ignores other .bot files beside an IR compiled from one file", () => {
    const dir = folder({ "one.bot": "+ hi\n- hello\n" });
    const ir = compileTo(join(dir, "one.bot"), join(dir, "one.json"));
    writeFileSync(join(dir, "other.bot"), "+ x\n- x\n");
    expect(checkFreshness(join(dir, "one.json"), ir).status).toBe("fresh");
  });

  it("says it cannot check an IR deployed without its sources", () => {
    const dir = folder({ "faq.bot": "+ hi\n- hello\n" });
    const ir = compileTo(dir, join(dir, "faq.json"));
    const deployed = mkdtempSync(join(tmpdir(), "bot-stale-deploy-"));
    writeFileSync(join(deployed, "faq.json"), JSON.stringify(ir));
    expect(checkFreshness(join(deployed, "faq.json"), ir)).toEqual({
      status: "unchecked",
      root: deployed,
      reason: `none of the 1 source file(s) it was compiled from is in ${deployed}`,
    });
  });
});
