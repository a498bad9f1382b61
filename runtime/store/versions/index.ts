/**
 * @module The VersionStore, once for both databases: publishing a version (stored and made live in one
 * transaction), listing, the live marker the running processes poll, and rollback. Exactly one version is
 * live once any is published: `bot_live` holds one row.
 */
import { all, flag, get, json, run } from "../sql/script.ts";
import type { Executor, Script } from "../sql/script.ts";
import type { LiveAction, LiveChange, LiveMarker, NewVersion, PublishResult, SetLiveResult, VersionRecord, VersionStore, VersionSummary } from "./types.ts";
import * as q from "./statements.ts";

/** Advisory-lock namespace for publishing (see ../postgres/locks.ts for the others). */
export const VERSION_LOCK = 0x626f7430;

interface SummaryRow {
  number: number;
  ir_version: number;
  compiler: string;
  source_hash: string;
  ir_hash: string;
  triggers: unknown;
  trigger_count: number;
  published_by: string;
  published_at: number;
  message: string | null;
  live: unknown;
}

interface LiveRow {
  number: number;
  changed_at: number;
  changed_by: string;
}

function toSummary(row: SummaryRow): VersionSummary {
  return {
    number: Number(row.number),
    irVersion: Number(row.ir_version),
    compiler: row.compiler,
    sourceHash: row.source_hash,
    irHash: row.ir_hash,
    triggers: json<Record<string, string>>(row.triggers),
    triggerCount: Number(row.trigger_count),
    publishedBy: row.published_by,
    publishedAt: Number(row.published_at),
    message: row.message,
    live: flag(row.live),
  };
}

const toLive = (row: LiveRow): LiveMarker => ({ number: Number(row.number), changedAt: Number(row.changed_at), changedBy: row.changed_by });

export interface VersionStoreOptions {
  close?: () => Promise<void>;
  listen?: VersionStore["listen"];
}

export function createVersionStore(exec: Executor, options: VersionStoreOptions = {}): VersionStore {
  const serialize = q.SERIALIZE(VERSION_LOCK);

  function* summary(number: number): Script<VersionSummary | null> {
    const row = yield* get<SummaryRow>(q.SUMMARY, { number });
    return row ? toSummary(row) : null;
  }

  function* makeLive(number: number, at: number, by: string, action: LiveAction): Script<void> {
    yield* run(q.SET_LIVE, { number, at, by });
    yield* run(q.RECORD_CHANGE, { number, action, at, by });
    yield* get(q.NOTIFY, { number });
  }

  function* publish(input: NewVersion, at: number): Script<PublishResult> {
    yield* get(serialize, { key: "publish" });
    const live = yield* get<LiveRow>(q.LIVE_LOCKED);
    const previous = live ? yield* summary(Number(live.number)) : null;
    if (previous && previous.irHash === input.irHash) return { type: "unchanged", version: previous };
    const number = Number((yield* get<{ n: number }>(q.NEXT_NUMBER))!.n);
    yield* run(q.INSERT, {
      ...input,
      number,
      triggers: JSON.stringify(input.triggers),
      triggerCount: Object.keys(input.triggers).length,
      at,
    });
    yield* makeLive(number, at, input.by, "publish");
    return { type: "published", version: (yield* summary(number))!, previous: previous && { ...previous, live: false } };
  }

  function* setLive(number: number, at: number, by: string, action: Exclude<LiveAction, "publish">): Script<SetLiveResult> {
    yield* get(serialize, { key: "publish" });
    const live = yield* get<LiveRow>(q.LIVE_LOCKED);
    const target = yield* summary(number);
    if (!target) return { type: "unknown", versions: (yield* all<SummaryRow>(q.LIST)).map(toSummary) };
    if (target.live) return { type: "already", version: target };
    const previous = live ? yield* summary(Number(live.number)) : null;
    yield* makeLive(number, at, by, action);
    return { type: "live", version: { ...target, live: true }, previous: previous && { ...previous, live: false } };
  }

  return {
    publish: (input, at) => exec.transaction(publish(input, at)),
    list: async () => (await exec.auto(all<SummaryRow>(q.LIST))).map(toSummary),
    get: async (number) => {
      const row = await exec.auto(get<SummaryRow & { ir: string }>(q.BY_NUMBER, { number }));
      return row ? ({ ...toSummary(row), ir: row.ir } satisfies VersionRecord) : null;
    },
    findByHash: async (irHash) => {
      const row = await exec.auto(get<SummaryRow>(q.BY_HASH, { irHash }));
      return row ? toSummary(row) : null;
    },
    live: async () => {
      const row = await exec.auto(get<LiveRow>(q.LIVE));
      return row ? toLive(row) : null;
    },
    setLive: (number, at, by, action) => exec.transaction(setLive(number, at, by, action)),
    history: async (limit = 50) =>
      (await exec.auto(all<{ seq: number; number: number; action: LiveAction; at: number; by: string }>(q.HISTORY, { limit }))).map((r): LiveChange => ({
        seq: Number(r.seq),
        number: Number(r.number),
        action: r.action,
        at: Number(r.at),
        by: r.by,
      })),
    ...(options.listen && { listen: options.listen }),
    close: async () => options.close?.(),
  };
}
