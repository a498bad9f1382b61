/**
 * @module The durable inbound spool: when the store cannot take a verified webhook (the database is away, the
 * SQLite disk is full), it is appended to this process's spool file and fsynced before Twilio hears 200; a
 * background pass replays it into the store when the database is back (idempotent: the inbound queue is
 * unique on MessageSid, statuses only move forward), in arrival order. While anything is spooled, new
 * webhooks join the spool's tail, so one user's messages never overtake each other. A spool left by a
 * process that died (its pid is gone) is claimed by an atomic rename and replayed by the next process to
 * start in that folder.
 */
import fs from "node:fs";
import path from "node:path";
import type { Logger } from "pino";
import type { Clock } from "../../engine/types.ts";
import type { Store } from "../store/types.ts";
import { isStoreRefusingWrites } from "../store/unavailable.ts";
import { decodeEntries, describeEntry, encodeEntry } from "./entry.ts";
import type { SpoolEntry } from "./entry.ts";
import type { SpoolSettings } from "./settings.ts";

export interface Spool {
  readonly file: string;
  /** Appends and fsyncs; false (nothing written) when the spool is full. */
  append(entry: SpoolEntry): Promise<boolean>;
  /** Something is waiting to be replayed here, or in a peer's spool for this user: new webhooks go behind it. */
  pending(userId?: string): boolean;
  depth(): { entries: number; bytes: number };
  /** One replay pass: own entries in order, then spools of dead processes; stops at the first sign the database is still away. */
  replay(store: Store): Promise<{ replayed: number; left: number }>;
  /** Replays every `intervalMs` while anything is spooled; `onReplayed` hears of each inbound message stored (the worker should run it). */
  start(store: Store, onReplayed?: (userId: string) => void, intervalMs?: number): void;
  /** Stops the replay loop; an empty spool file is removed, a non-empty one is left for the next start. */
  stop(): Promise<void>;
}

export interface SpoolOptions {
  settings: SpoolSettings;
  logger: Logger;
  clock: Clock;
}

const OWN = /^spool-(\d+)-\d+\.jsonl$/;
const CLAIMED = /^claimed-(\d+)-(.+)$/;

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The database is still away (or the disk still full): keep the entry and try later. */
export function isStoreAway(error: unknown): boolean {
  return isStoreRefusingWrites(error);
}

/**
 * Opens the spool folder (created if missing) and this process's file in it; refused with the folder's path
 * when it cannot be written, so the problem shows at start, not during an outage.
 */
export function openSpool(options: SpoolOptions): Spool {
  const { settings, logger, clock } = options;
  const dir = settings.dir;
  const file = path.join(dir, `spool-${process.pid}-${Date.now()}.jsonl`);
  let fd: number;
  try {
    fs.mkdirSync(dir, { recursive: true });
    fd = fs.openSync(file, "a", 0o600);
    fs.fsyncSync(fd);
  } catch (error) {
    throw new Error(
      `the spool folder ${dir} cannot be written (${(error as Error).message}): webhooks taken while the database is away are kept there. Make it writable, or set BOT_SPOOL_DIR to a writable folder on a disk other than the database's.`,
      { cause: error },
    );
  }
  /** This process's entries not yet replayed, in arrival order (the file holds the same, durably). */
  let own: { entry: SpoolEntry; line: string }[] = [];
  let bytes = 0;
  let orphanEntries = 0;
  /** Appends and rewrites take turns. */
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T> | T): Promise<T> => {
    const next = chain.then(work, work);
    chain = next.catch(() => undefined);
    return next;
  };
  let fullSince: number | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<{ replayed: number; left: number }> | null = null;
  let onReplayed: (userId: string) => void = () => undefined;
  /** Users with entries in other processes' spools in this folder, and their oldest arrival time (read each pass). */
  let foreign = new Map<string, number>();

  function writeAll(target: number, text: string): void {
    const buffer = Buffer.from(text);
    let written = 0;
    while (written < buffer.length) written += fs.writeSync(target, buffer, written);
    fs.fsyncSync(target);
  }

  /** Replaces this process's file with what is left of `own` (written aside, fsynced, renamed over). */
  function rewriteOwn(): void {
    const rest = own.map((o) => o.line).join("");
    const aside = `${file}.tmp`;
    const out = fs.openSync(aside, "w", 0o600);
    try {
      writeAll(out, rest);
    } finally {
      fs.closeSync(out);
    }
    fs.renameSync(aside, file);
    fs.closeSync(fd);
    fd = fs.openSync(file, "a", 0o600);
    bytes = Buffer.byteLength(rest);
  }

  async function apply(store: Store, entry: SpoolEntry): Promise<void> {
    if (clock.now() - entry.at > settings.maxAgeMs) {
      logger.error(
        { event: "spool.expired", at: entry.at },
        `${describeEntry(entry)} was spooled at ${new Date(entry.at).toISOString()}, longer ago than BOT_SPOOL_MAX_AGE_H (${settings.maxAgeMs / 3_600_000} h): it is not run. Raise BOT_SPOOL_MAX_AGE_H to keep older ones.`,
      );
      return;
    }
    switch (entry.kind) {
      case "inbound":
        if (await store.enqueueInbound(entry.message, entry.at)) onReplayed(entry.message.from);
        return;
      case "status": {
        const result = await store.recordStatus(entry.sid, { status: entry.status, at: entry.at, errorCode: entry.errorCode });
        if (entry.errorCode === 21610 && result.userId !== null)
          await store.apply({ at: entry.at, optOut: { userId: result.userId, optedOut: true, reason: "twilio 21610", sid: entry.sid } });
        return;
      }
      default: {
        const _exhaustive: never = entry;
        throw new Error(`unknown spool entry ${JSON.stringify(_exhaustive)}`);
      }
    }
  }

  /**
   * Applies entries in order until the store is away, or until an inbound entry whose user has an older one
   * in a peer's spool (the peer stores that first: the oldest entry anywhere can always go, so this ends).
   */
  async function applyAll(store: Store, entries: SpoolEntry[], source: string): Promise<number> {
    let done = 0;
    for (const entry of entries) {
      if (entry.kind === "inbound" && (foreign.get(entry.message.from) ?? Infinity) < entry.at) return done;
      try {
        await apply(store, entry);
      } catch (error) {
        if (isStoreAway(error)) return done;
        logger.error(
          { event: "spool.entry-failed", source, err: error },
          `${describeEntry(entry)} from the spool could not be stored: ${(error as Error).message}. It is dropped so the rest can go; the lines above say why.`,
        );
      }
      done++;
    }
    return done;
  }

  /** What peers' spools (live processes' files and the spools they claimed) hold, by user: their oldest arrival. */
  function readForeign(): Map<string, number> {
    const users = new Map<string, number>();
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      return users;
    }
    for (const name of names) {
      const owner = Number((CLAIMED.exec(name) ?? OWN.exec(name))?.[1] ?? NaN);
      if (Number.isNaN(owner) || owner === process.pid) continue;
      let text: string;
      try {
        text = fs.readFileSync(path.join(dir, name), "utf8");
      } catch {
        continue; // replayed and removed meanwhile
      }
      for (const entry of decodeEntries(text).entries)
        if (entry.kind === "inbound") users.set(entry.message.from, Math.min(users.get(entry.message.from) ?? Infinity, entry.at));
    }
    return users;
  }

  /** Spool files of processes that are gone, claimed by renaming them (one process wins each). */
  function claimOrphans(): string[] {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      return [];
    }
    const claimed: string[] = [];
    for (const name of names) {
      const from = path.join(dir, name);
      if (from === file || name.endsWith(".tmp")) continue;
      const mine = CLAIMED.exec(name);
      const owner = mine ? Number(mine[1]) : Number(OWN.exec(name)?.[1] ?? NaN);
      if (Number.isNaN(owner)) continue;
      if (mine && owner === process.pid) {
        claimed.push(from);
        continue;
      }
      if (alive(owner)) continue;
      const to = path.join(dir, `claimed-${process.pid}-${mine ? mine[2] : name}`);
      try {
        fs.renameSync(from, to);
        claimed.push(to);
      } catch {
        // Another process claimed it first.
      }
    }
    return claimed;
  }

  /**
   * One pass over this process's entries and those of dead processes' spools, merged by arrival time, so a
   * user whose messages reached two processes during the outage gets them run in the order they came.
   */
  async function replayPass(store: Store): Promise<{ replayed: number; left: number }> {
    const orphans = claimOrphans();
    foreign = readForeign();
    const claimed = orphans.map((claimedFile) => {
      const { entries, torn } = decodeEntries(fs.readFileSync(claimedFile, "utf8"));
      if (torn > 0)
        logger.warn(
          { event: "spool.torn", file: claimedFile, lines: torn },
          `${torn} line(s) of ${claimedFile} were cut short by a crash mid-write and are skipped`,
        );
      return { file: claimedFile, entries, done: 0 };
    });
    const ownCount = own.length;
    type Item = { entry: SpoolEntry; source: (typeof claimed)[number] | null };
    const items: Item[] = [
      ...own.slice(0, ownCount).map((o) => ({ entry: o.entry, source: null })),
      ...claimed.flatMap((c) => c.entries.map((entry) => ({ entry, source: c }))),
    ];
    // Stable: one file's entries keep their order.
    items.sort((a, b) => a.entry.at - b.entry.at);
    const done = await applyAll(
      store,
      items.map((item) => item.entry),
      "spool",
    );
    let ownDone = 0;
    for (const item of items.slice(0, done)) {
      if (item.source === null) ownDone++;
      else item.source.done++;
    }
    if (ownDone > 0)
      await serial(() => {
        own = own.slice(ownDone);
        rewriteOwn();
      });
    let left = 0;
    for (const c of claimed) {
      if (c.done === c.entries.length) {
        fs.rmSync(c.file, { force: true });
        continue;
      }
      const rest = c.entries.slice(c.done).map(encodeEntry).join("");
      fs.writeFileSync(`${c.file}.tmp`, rest, { mode: 0o600 });
      fs.renameSync(`${c.file}.tmp`, c.file);
      left += c.entries.length - c.done;
    }
    orphanEntries = left;
    if (done > 0)
      logger.info(
        { event: "spool.replayed", count: done, fromStopped: done - ownDone, left: own.length + left },
        `the database is back: ${done} spooled webhook(s) stored${done > ownDone ? ` (${done - ownDone} spooled by a process that stopped)` : ""}${own.length + left > 0 ? `, ${own.length + left} still spooled` : ""}`,
      );
    return { replayed: done, left: own.length + left };
  }

  return {
    file,
    append(entry) {
      const line = encodeEntry(entry);
      const size = Buffer.byteLength(line);
      return serial(() => {
        if (bytes + size > settings.maxBytes) {
          if (fullSince === null) fullSince = clock.now();
          logger.error(
            { event: "spool.full", entries: own.length, bytes, maxBytes: settings.maxBytes },
            `the spool is full (${own.length} webhooks, ${(bytes / 1024 / 1024).toFixed(1)} MB of BOT_SPOOL_MAX_MB=${settings.maxBytes / 1024 / 1024}): ${describeEntry(entry)} answered 503, so only Twilio's fallback URL or retry can bring it back. Bring the database back, or raise BOT_SPOOL_MAX_MB.`,
          );
          return false;
        }
        fullSince = null;
        writeAll(fd, line);
        own.push({ entry, line });
        bytes += size;
        return true;
      });
    },
    pending: (userId) => own.length > 0 || orphanEntries > 0 || (userId !== undefined && foreign.has(userId)),
    depth: () => ({ entries: own.length + orphanEntries, bytes }),
    replay(store) {
      running ??= replayPass(store).finally(() => {
        running = null;
      });
      return running;
    },
    start(store, replayed, intervalMs = 500) {
      if (replayed) onReplayed = replayed;
      const tick = () => {
        void this.replay(store).catch((error: unknown) =>
          logger.error({ event: "spool.error", err: error }, `spool replay failed: ${(error as Error).message}; trying again shortly`),
        );
      };
      timer = setInterval(tick, intervalMs);
      timer.unref();
      tick();
    },
    async stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
      await serial(() => {
        fs.closeSync(fd);
        if (own.length === 0) fs.rmSync(file, { force: true });
        else
          logger.warn(
            { event: "spool.left", file, entries: own.length },
            `${own.length} spooled webhook(s) could not be stored before stopping; they stay in ${file} and the next bot run started in ${dir} stores them`,
          );
      });
    },
  };
}
