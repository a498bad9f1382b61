/** @module Versions for the web console (`/api/versions`, the dashboard's Versions page): listing with what changed, publishing the bot's files, making a version live. The files are compiled by the caller's function (the CLI's loader), so the runtime needs no compiler front end of its own. */
import type { BotIR } from "../../compiler/ir/types.ts";
import type { LiveChange, VersionStore, VersionSummary } from "../store/versions/types.ts";
import type { FollowStatus } from "./follow.ts";
import { diffTriggers, newVersionOf } from "./summary.ts";
import type { TriggerChanges } from "./summary.ts";

export type CompiledFiles = { ok: true; ir: BotIR } | { ok: false; errors: string[] };

export interface VersionsService {
  list(): Promise<{ live: number | null; versions: (Omit<VersionSummary, "triggers"> & { changes: TriggerChanges })[]; history: LiveChange[] }>;
  publish(message: string | null, by: string): Promise<PublishOutcome>;
  setLive(number: number, by: string): Promise<SetLiveOutcome>;
  /** This process: which version it runs and why not the live one. */
  status(): FollowStatus;
}

export type PublishOutcome =
  | { type: "published"; version: number; previous: number | null; changes: TriggerChanges }
  | { type: "unchanged"; version: number }
  | { type: "invalid"; errors: string[] };

export type SetLiveOutcome =
  { type: "live"; version: number; previous: number | null } | { type: "already"; version: number } | { type: "unknown"; versions: number[] };

export interface VersionsServiceOptions {
  store: VersionStore;
  /** Compiles the bot's files as `bot publish` does. */
  compile: () => CompiledFiles;
  status: () => FollowStatus;
  /** Called after this process changed the live version, so it follows at once. */
  changed: () => Promise<void>;
  now: () => number;
}

export function createVersionsService(options: VersionsServiceOptions): VersionsService {
  const { store } = options;
  return {
    async list() {
      const all = await store.list();
      const versions = all.map(({ triggers, ...v }, i) => ({ ...v, changes: diffTriggers(all[i + 1]?.triggers ?? null, triggers) }));
      return { live: all.find((v) => v.live)?.number ?? null, versions, history: await store.history() };
    },
    async publish(message, by) {
      const compiled = options.compile();
      if (!compiled.ok) return { type: "invalid", errors: compiled.errors };
      const result = await store.publish(newVersionOf(compiled.ir, by, message), options.now());
      if (result.type === "unchanged") return { type: "unchanged", version: result.version.number };
      await options.changed();
      return {
        type: "published",
        version: result.version.number,
        previous: result.previous?.number ?? null,
        changes: diffTriggers(result.previous?.triggers ?? null, result.version.triggers),
      };
    },
    async setLive(number, by) {
      const result = await store.setLive(number, options.now(), by, "live");
      switch (result.type) {
        case "unknown":
          return { type: "unknown", versions: result.versions.map((v) => v.number) };
        case "already":
          return { type: "already", version: number };
        case "live":
          await options.changed();
          return { type: "live", version: number, previous: result.previous?.number ?? null };
        default: {
          const _exhaustive: never = result;
          throw new Error(`unknown result ${JSON.stringify(_exhaustive)}`);
        }
      }
    },
    status: options.status,
  };
}
