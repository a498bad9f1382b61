/** @module `bot lsp --stdio`: the language server for editors (docs/editor.md). */
import type { Command } from "commander";
import { COMMANDS } from "./index.ts";

export function registerLsp(program: Command): void {
  program
    .command("lsp")
    .description(COMMANDS.lsp.description)
    .option("--stdio", "speak the Language Server Protocol over stdin/stdout (the only transport)")
    .action(async () => {
      const { startServer } = await import("../../editor/server.ts");
      startServer();
    });
}
