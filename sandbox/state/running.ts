/**
 * @module The running sandbox of a bot, as its state folder records it: `bot run` without credentials writes
 * `<bot folder>/.bot/sandbox.json` (its emulator's URL and credentials, its own URL, its database) and removes it
 * on stop; `bot broadcast` without credentials reads it to send through that emulator instead of refusing. A
 * record whose process is gone or whose emulator no longer answers as the same account is not a running sandbox.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface RunningSandbox {
  pid: number;
  /** The bot's own server (webhooks, status callbacks). */
  botUrl: string;
  emulatorUrl: string;
  accountSid: string;
  authToken: string;
  from: string;
  /** The SQLite file, or the PostgreSQL URL with its password hidden, as `bot run` printed it. */
  database: string;
  startedAt: number;
}

export type SandboxLookup = { type: "running"; sandbox: RunningSandbox } | { type: "none"; reason: string };

/** Where a bot's running sandbox is recorded: its state folder, beside the default database. */
export function sandboxStateFile(root: string): string {
  return join(root, ".bot", "sandbox.json");
}

/** Records the sandbox; the returned function removes the record if it is still this process's. */
export function recordRunningSandbox(root: string, sandbox: RunningSandbox): () => void {
  const file = sandboxStateFile(root);
  mkdirSync(dirname(file), { recursive: true });
  // The emulator's credentials are local and throwaway, but the file is still only the owner's to read.
  writeFileSync(file, `${JSON.stringify(sandbox, null, 2)}\n`, { mode: 0o600 });
  return () => {
    if (readRecord(file)?.pid === sandbox.pid) rmSync(file, { force: true });
  };
}

/** The sandbox running for the bot at `root`, checked alive (its process, then its emulator's answer). */
export async function findRunningSandbox(root: string, options: { timeoutMs?: number } = {}): Promise<SandboxLookup> {
  const file = sandboxStateFile(root);
  const record = readRecord(file);
  if (record === null) return { type: "none", reason: "no sandbox is running for this bot" };
  if (!processAlive(record.pid)) return { type: "none", reason: `the sandbox recorded in ${file} (pid ${record.pid}) is no longer running` };
  try {
    const response = await fetch(`${record.emulatorUrl}/_emulator/`, { signal: AbortSignal.timeout(options.timeoutMs ?? 2000) });
    const body = (await response.json()) as { accountSid?: unknown };
    if (!response.ok || body.accountSid !== record.accountSid) throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    return { type: "none", reason: `the sandbox's emulator at ${record.emulatorUrl} does not answer (${(error as Error).message})` };
  }
  return { type: "running", sandbox: record };
}

function readRecord(file: string): RunningSandbox | null {
  try {
    const value = JSON.parse(readFileSync(file, "utf8")) as Partial<RunningSandbox>;
    const strings = [value.botUrl, value.emulatorUrl, value.accountSid, value.authToken, value.from, value.database];
    if (!Number.isInteger(value.pid) || strings.some((s) => typeof s !== "string")) return null;
    return value as RunningSandbox;
  } catch {
    return null;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
