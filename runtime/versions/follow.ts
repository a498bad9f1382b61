/**
 * @module Following the live version: each process checks the store's one-row live marker (SQLite: every
 * `pollMs`, a primary-key read; PostgreSQL: at each NOTIFY, with the same polling as a fallback) and, when it
 * names another version, loads that version's IR and swaps it in. Steps in progress finish on the version they
 * started with; scheduled rows are sent as scheduled. A version this process cannot run (an IR format from a
 * newer compiler, or one that fails validation) is refused: the process keeps its version, logs an error naming
 * it once, and reports it through `status()` (shown by `/readyz`).
 */
import type { Logger } from "pino";
import type { BotIR } from "../../compiler/ir/types.ts";
import { irVersionProblem, validateIR } from "../../compiler/ir/validate.ts";
import type { VersionStore } from "../store/versions/types.ts";
import type { BotHolder } from "./holder.ts";

export interface FollowStatus {
  /** The version this process runs (null: not a published one). */
  running: number | null;
  /** The live version as last read (null: none published, or not read yet). */
  live: number | null;
  /** Why this process does not run the live version, or null. */
  problem: string | null;
}

export interface Follower {
  /** One check now (a poll, a NOTIFY, or right after this process published); concurrent calls share one. */
  check(): Promise<void>;
  status(): FollowStatus;
  stop(): Promise<void>;
}

export interface FollowOptions {
  versions: VersionStore;
  holder: BotHolder;
  logger: Logger;
  /** Polling interval (default 1 s; PostgreSQL's NOTIFY is usually sooner). */
  pollMs?: number;
  /** Told after each swap (the simulator shows reloads). */
  onSwap?: (version: number) => void;
}

export async function startFollowing(options: FollowOptions): Promise<Follower> {
  const { versions, holder, logger } = options;
  let live: number | null = null;
  let refused: { number: number; problem: string } | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  let failing = false;

  async function once(): Promise<void> {
    const marker = await versions.live();
    live = marker?.number ?? null;
    if (marker === null || marker.number === holder.current().version) {
      refused = null;
      return;
    }
    if (refused?.number === marker.number) return;
    const record = await versions.get(marker.number);
    if (record === null) return;
    const was = holder.current().version;
    const problem = runProblem(record.ir);
    if (problem !== null) {
      refused = { number: marker.number, problem };
      logger.error(
        { event: "versions.refused", version: marker.number, running: was, compiler: record.compiler },
        `version ${marker.number} (published by ${record.compiler}) cannot run in this process: ${problem}. ` +
          `This process keeps answering with version ${was ?? "(unpublished)"}; upgrade it to follow the live version.`,
      );
      return;
    }
    holder.swap(JSON.parse(record.ir) as BotIR, marker.number);
    refused = null;
    logger.info(
      { event: "versions.live", version: marker.number, was, by: marker.changedBy },
      `now answering with version ${marker.number}${was === null ? "" : ` (was ${was})`}: made live by ${marker.changedBy}; steps in progress finish on the old one`,
    );
    options.onSwap?.(marker.number);
  }

  const check = (): Promise<void> =>
    (running ??= once()
      .then(() => {
        if (failing) logger.info({ event: "versions.check-ok" }, "the live version can be read again");
        failing = false;
      })
      .catch((error: unknown) => {
        // The database is away: the runtime's own paths report that; this process keeps its version meanwhile.
        if (!failing) logger.warn({ event: "versions.check-failed", err: error }, `could not read the live version: ${(error as Error).message}; retrying`);
        failing = true;
      })
      .finally(() => {
        running = null;
      }));

  await check();
  const timer = setInterval(() => void check(), options.pollMs ?? 1000);
  timer.unref();
  const unlisten = versions.listen
    ? await versions
        .listen(
          () => void check(),
          (error) =>
            logger.warn({ event: "versions.listen-lost", err: error }, `the live-version listener lost its connection (re-opening; polling meanwhile)`),
        )
        .catch((error: unknown) => {
          logger.warn({ event: "versions.listen-failed", err: error }, `cannot LISTEN for live-version changes (${(error as Error).message}); polling instead`);
          return null;
        })
    : null;

  return {
    check,
    status: () => ({
      running: holder.current().version,
      live,
      problem: refused ? `version ${refused.number} is live but refused here: ${refused.problem}` : null,
    }),
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await unlisten?.();
      await running;
    },
  };
}

/** Null when this process can run the IR; otherwise why not (format first, then the schema). */
export function runProblem(text: string): string | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return `its IR is not JSON (${(error as Error).message})`;
  }
  const format = irVersionProblem(json);
  if (format !== null) return format;
  const checked = validateIR(json);
  return checked.ok ? null : `its IR does not validate: ${checked.errors.slice(0, 3).join("; ")}`;
}
