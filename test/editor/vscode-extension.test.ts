/** @module The VS Code extension builds offline into a .vsix with the layout VS Code installs, and its client typechecks. */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import yauzl from "yauzl";
import { buildVsix } from "../../editors/build-vscode.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

function readZip(path: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const files = new Map<string, Buffer>();
      zip.on("entry", (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on("end", () => resolve(files));
      zip.readEntry();
    });
  });
}

describe("editors/vscode", () => {
  it("packages a .vsix: manifest, content types, package.json with .bot/.rive, grammar, language configuration, bundled client", async () => {
    const vsix = await buildVsix(mkdtempSync(join(tmpdir(), "vsix-")));
    expect(vsix).toMatch(/dexter-bot-\d+\.\d+\.\d+\.vsix$/);
    const files = await readZip(vsix);
    expect([...files.keys()].sort()).toEqual([
      "[Content_Types].xml",
      "extension.vsixmanifest",
      "extension/README.md",
      "extension/dist/extension.js",
      "extension/language-configuration.json",
      "extension/package.json",
      "extension/syntaxes/bot.tmLanguage.json",
    ]);
    const pkg = JSON.parse(files.get("extension/package.json")!.toString()) as {
      name: string;
      version: string;
      publisher: string;
      main: string;
      engines: { vscode: string };
      contributes: {
        languages: { id: string; extensions: string[]; configuration: string }[];
        grammars: { language: string; path: string; scopeName: string }[];
      };
    };
    expect(pkg.contributes.languages[0]).toMatchObject({ id: "bot", extensions: [".bot", ".rive"] });
    expect(files.has(`extension/${pkg.contributes.languages[0]!.configuration.replace("./", "")}`)).toBe(true);
    expect(pkg.contributes.grammars[0]).toMatchObject({ language: "bot", scopeName: "source.bot" });
    expect(files.has(`extension/${pkg.contributes.grammars[0]!.path.replace("./", "")}`)).toBe(true);
    expect(files.has(`extension/${pkg.main.replace("./", "")}`)).toBe(true);
    const manifest = files.get("extension.vsixmanifest")!.toString();
    expect(manifest).toContain(`<Identity Language="en-US" Id="${pkg.name}" Version="${pkg.version}" Publisher="${pkg.publisher}" />`);
    expect(manifest).toContain(`Value="${pkg.engines.vscode}"`);
    expect(files.get("[Content_Types].xml")!.toString()).toContain('Extension=".json"');
    const language = JSON.parse(files.get("extension/language-configuration.json")!.toString()) as {
      comments: { lineComment: string; blockComment: string[] };
    };
    expect(language.comments).toEqual({ lineComment: "//", blockComment: ["/*", "*/"] });
    // The client is bundled: only `vscode` (given by VS Code) is left to require.
    const bundle = files.get("extension/dist/extension.js")!.toString();
    expect(bundle).toContain('require("vscode")');
    expect(bundle).not.toMatch(/require\("vscode-languageclient/);
    expect(bundle).toContain('"lsp", "--stdio"');
  }, 120_000);

  it("the client typechecks against the VS Code API", () => {
    expect(() =>
      execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "editors/vscode/tsconfig.json")], { stdio: "pipe" }),
    ).not.toThrow();
  }, 120_000);
});
