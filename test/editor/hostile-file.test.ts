/**
 * @module The language server keeps answering while it analyses a hostile file: a reply of 8,000 nested `{formal}`
 * tags (136 KB) once held `bot lsp` for ~10 s after each edit (the lint pass was quadratic in the nesting). Each
 * request after an edit waits for that edit's compile, so the bound below is the whole analysis's: generous for
 * two shared cores, far under what the quadratic pass took.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Hover } from "vscode-languageserver-protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLsp, type LspSession } from "./lsp-client.ts";

const DEPTH = 8_000;
const HOSTILE = `+ hello\n- ${"{formal}".repeat(DEPTH)}x${"{/formal}".repeat(DEPTH)}\n\n+ *\n- ok\n`;
/** Far above the linear analysis (about half a second here), far below the ~10 s of the quadratic one. */
const ANSWER_WITHIN_MS = 4_000;

let dir: string;
let lsp: LspSession;
const uri = (): string => pathToFileURL(join(dir, "hostile.bot")).href;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "bot-lsp-hostile-"));
  lsp = await startLsp(dir);
});

afterAll(async () => {
  if (lsp) expect(await lsp.close()).toBe(0);
  rmSync(dir, { recursive: true, force: true });
});

describe("bot lsp on a file of 8,000 nested tags", () => {
  it("answers hover on the file within seconds of opening it and of each edit", async () => {
    expect(HOSTILE.length).toBeGreaterThan(130_000);
    await lsp.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: uri(), languageId: "bot", version: 1, text: HOSTILE } });
    const hover = async (): Promise<{ ms: number; hover: Hover | null }> => {
      const started = performance.now();
      const answer = await lsp.connection.sendRequest<Hover | null>("textDocument/hover", {
        textDocument: { uri: uri() },
        position: { line: 0, character: 3 },
      });
      return { ms: performance.now() - started, hover: answer };
    };
    const afterOpen = await hover();
    expect(JSON.stringify(afterOpen.hover?.contents)).toContain("hello");
    expect(afterOpen.ms).toBeLessThan(ANSWER_WITHIN_MS);

    for (let version = 2; version <= 4; version++) {
      await lsp.connection.sendNotification("textDocument/didChange", {
        textDocument: { uri: uri(), version },
        contentChanges: [{ range: { start: { line: 0, character: 7 }, end: { line: 0, character: 7 } }, text: "o" }],
      });
      const afterEdit = await hover();
      expect(JSON.stringify(afterEdit.hover?.contents)).toContain("hello");
      expect(afterEdit.ms, `hover after edit ${version - 1}`).toBeLessThan(ANSWER_WITHIN_MS);
    }
    // The lint pass finishes too (its findings are published), and the server is still there.
    const published = await lsp.diagnostics(uri(), () => true, 0);
    expect(published.uri).toBe(uri());
  });
});
