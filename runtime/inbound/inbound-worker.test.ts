/** @module The inbound worker's failure count: a run the store refused (SQLite's disk full) is not the message's fault. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { createSqliteStore } from "../store/index.ts";
import { createUserLock } from "../store/user-lock.ts";
import type { QueuedInbound } from "../store/index.ts";
import { createInboundWorker } from "./inbound-worker.ts";
import type { Conversation } from "./conversation.ts";

const message = { sid: "SM00000000000000000000000000000001", from: "+15550001111", body: "hi", media: [], mediaTypes: [] };

/** A conversation whose first `failures` runs throw `error`, then completes the row as a real step would. */
function failingConversation(store: ReturnType<typeof createSqliteStore>, failures: number, error: () => Error) {
  const runs: string[] = [];
  const conversation: Conversation = {
    async runInbound(row: QueuedInbound) {
      runs.push(row.message.sid);
      if (runs.length <= failures) throw error();
      await store.completeInbound(row.message.sid, { at: 1, seen: { userId: row.message.from } });
      return "answered";
    },
    fireReminder: () => Promise.resolve(),
  };
  return { conversation, runs };
}

async function runUntilDone(failures: number, error: () => Error) {
  const store = createSqliteStore(join(mkdtempSync(join(tmpdir(), "bot-worker-")), "bot.db"));
  await store.enqueueInbound(message, 1);
  const { conversation, runs } = failingConversation(store, failures, error);
  const logged: string[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void logged.push(line) });
  const worker = createInboundWorker({ store, lock: createUserLock(), conversation, logger, onAnswered: () => undefined, pollMs: 5, maxFailures: 3 });
  worker.start();
  for (let i = 0; i < 400 && !(await store.isInboundDone(message.sid)); i++) await new Promise((r) => setTimeout(r, 5));
  await worker.stop();
  await store.close();
  return { runs: runs.length, dropped: logged.some((l) => l.includes("RUN024")) };
}

describe("the inbound worker", () => {
  it("keeps a message whose runs ended because SQLite's disk was full, however many, and answers it when there is room", async () => {
    const full = () => Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });
    expect(await runUntilDone(6, full)).toEqual({ runs: 7, dropped: false });
  });

  it("still drops a message whose own step keeps failing, after maxFailures runs", async () => {
    expect(await runUntilDone(10, () => new TypeError("a bug in the step"))).toEqual({ runs: 3, dropped: true });
  });
});
