/** @module Moves WAL checkpoints (and their disk flushes) off the event loop: a worker thread with its own connection checkpoints the file. */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

export interface Checkpointer {
  /** Stops the worker after a last checkpoint; the caller then closes its own connection. */
  stop(): Promise<void>;
}

/** SQLite's own default: the connection that commits checkpoints once the WAL holds this many pages. */
const AUTO_CHECKPOINT_PAGES = 1000;
/**
 * While the worker runs, the runtime's connection still checkpoints past this many pages (16 MB): under
 * writes that never pause, the worker's passes always end a few frames behind, and only a checkpoint
 * between two commits lets SQLite restart the WAL. The worker has copied and flushed nearly all of it by
 * then, so that checkpoint is short.
 */
const BACKSTOP_PAGES = 4000;
const INTERVAL_MS = 200;

// Plain CommonJS so the worker needs no TypeScript loader. PASSIVE never waits for, or blocks, the
// runtime's connection: it copies what is committed, and the next write restarts the WAL from the top.
// Every statement goes through exec, which makes no Statement object: on Node 24, better-sqlite3 12's
// Statements still uncollected when the worker's environment is torn down abort the whole process.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 0 });
db.exec("PRAGMA synchronous = " + workerData.synchronous);
db.exec("PRAGMA wal_autocheckpoint = 0");
const checkpoint = () => { try { db.exec("PRAGMA wal_checkpoint(PASSIVE)"); } catch (error) { if (error.code !== "SQLITE_BUSY") throw error; } };
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on("message", () => { clearInterval(timer); checkpoint(); db.close(); process.exit(0); });
parentPort.postMessage("ready");
`;

/**
 * In SQLite the commit that takes the WAL past 1000 pages runs the checkpoint itself: copying 4 MB and two
 * disk flushes, which stall every request for tens of milliseconds. Here a worker copies and flushes every
 * 200 ms, and the runtime's connection only finishes the remainder, rarely. If the worker cannot start or
 * dies, the connection goes back to SQLite's default, so the WAL never grows without bound.
 */
export function startCheckpointer(db: Database.Database, file: string, synchronous: "NORMAL" | "FULL"): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER, { eval: true, workerData: { driver, file, synchronous, intervalMs: INTERVAL_MS } });
  worker.unref();
  let stopping = false;
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  const fallBack = (): void => {
    if (db.open) db.exec(`PRAGMA wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  };
  worker.once("message", () => {
    if (!stopping && db.open) db.exec(`PRAGMA wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  });
  worker.on("error", (error) => {
    fallBack();
    process.emitWarning(
      `the SQLite checkpoint worker for ${file} failed (${error.message}); the runtime checkpoints on its own connection again, which adds pauses under load but loses nothing`,
    );
  });
  worker.once("exit", fallBack);
  return {
    async stop() {
      if (stopping) return;
      stopping = true;
      fallBack();
      // Held until the last checkpoint is done, so a process that only waits for close() does not exit before it.
      worker.ref();
      worker.postMessage("stop");
      await exited;
    },
  };
}
