/** @module A small LSP client for tests and the bench: starts the real `bot lsp --stdio` process and speaks JSON-RPC to it. */
import { spawn, type ChildProcess } from "node:child_process";
import { pathToFileURL } from "node:url";
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type InitializeResult,
} from "vscode-languageserver-protocol/node";
import { BOT_SOURCE } from "../support/cli.ts";

export interface LspSession {
  connection: ProtocolConnection;
  capabilities: InitializeResult["capabilities"];
  /** Every publishDiagnostics the server sent, in order. */
  published: PublishDiagnosticsParams[];
  /** Resolves with the next publishDiagnostics for `uri` that satisfies `accept` (checking ones already received after `since`). */
  diagnostics(uri: string, accept?: (p: PublishDiagnosticsParams) => boolean, since?: number): Promise<PublishDiagnosticsParams>;
  /** What the server wrote to stderr. */
  stderr(): string;
  logs: string[];
  process: ChildProcess;
  close(): Promise<number | null>;
}

export async function startLsp(rootFolder: string, initializationOptions: Record<string, unknown> = { debounceMs: 20 }): Promise<LspSession> {
  const child = spawn(process.execPath, [...BOT_SOURCE, "lsp", "--stdio"], { cwd: rootFolder, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: { uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const logs: string[] = [];
  connection.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
    published.push(p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.accept(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  connection.onNotification("window/logMessage", (p: { message: string }) => void logs.push(p.message));
  connection.onNotification("window/showMessage", (p: { message: string }) => void logs.push(p.message));
  connection.listen();
  const result = await connection.sendRequest<InitializeResult>("initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(rootFolder).href,
    workspaceFolders: [{ uri: pathToFileURL(rootFolder).href, name: "test" }],
    capabilities: {},
    initializationOptions,
  });
  await connection.sendNotification("initialized", {});
  return {
    connection,
    capabilities: result.capabilities,
    published,
    logs,
    process: child,
    stderr: () => stderr,
    diagnostics(uri, accept = () => true, since = published.length) {
      const earlier = published.slice(since).find((p) => p.uri === uri && accept(p));
      if (earlier) return Promise.resolve(earlier);
      return new Promise((resolve) => waiters.push({ uri, accept, resolve }));
    },
    async close() {
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      await connection.sendRequest("shutdown");
      await connection.sendNotification("exit");
      const code = await exited;
      connection.dispose();
      return code;
    },
  };
}
