/** @module The VS Code client: starts `bot lsp --stdio` (configured path, the workspace's installed package, or PATH) for .bot/.rive files. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { LanguageClient, TransportKind, type Executable, type NodeModule, type ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("bot");
  const server = serverCommand(config.get<string>("server.path", ""));
  const output = vscode.window.createOutputChannel("Dexter bot", { log: true });
  output.info(`starting ${server.description}`);
  client = new LanguageClient("bot", "Dexter bot", server.options, {
    documentSelector: [
      { scheme: "file", language: "bot" },
      { scheme: "untitled", language: "bot" },
    ],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.bot,*.rive,bot.config.yaml}") },
    initializationOptions: { debounceMs: config.get<number>("server.debounceMs", 150) },
    outputChannel: output,
  });
  context.subscriptions.push(output);
  try {
    await client.start();
  } catch (error) {
    void vscode.window.showErrorMessage(
      `Dexter bot: could not start ${server.description} (${error instanceof Error ? error.message : String(error)}). Install dexter-bot in the workspace (npm install dexter-bot) or set "bot.server.path".`,
    );
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

/** A `.js` file runs under VS Code's own Node; anything else is an executable given `lsp --stdio`. */
function serverCommand(configured: string): { options: ServerOptions; description: string } {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const candidates = configured ? [configured] : folders.map((f) => join(f.uri.fsPath, "node_modules", "dexter-bot", "bin", "bot.js"));
  const found = candidates.find((c) => existsSync(c)) ?? (configured || "bot");
  if (found.endsWith(".js")) {
    const module: NodeModule = { module: found, args: ["lsp"], transport: TransportKind.stdio };
    return { options: { run: module, debug: module }, description: `node ${found} lsp --stdio` };
  }
  const executable: Executable = { command: found, args: ["lsp", "--stdio"], options: { shell: process.platform === "win32" } };
  return { options: { run: executable, debug: executable }, description: `${found} lsp --stdio` };
}
