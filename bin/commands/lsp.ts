/** @module `bot lsp --stdio`: the language server for editors (docs/editor.md). */
import type { Command } from "commander";

export function registerLsp(program: Command): Command {
  return program
    .command("lsp")
    .option("--stdio", "speak the Language Server Protocol over stdin/stdout (the only transport)")
    .action(async () => {
      const { startServer } = await import("../../editor/server.ts");
      startServer();
    });
}
