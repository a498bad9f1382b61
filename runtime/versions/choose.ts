/**
 * @module How `bot run` chooses the version it starts with (docs/versions.md, "Which version bot run runs"):
 * files never published before are published and run; files that are already a stored version never change
 * what is live (the live version runs); `--live` runs whatever is live. So restarting a process with old files
 * cannot roll the fleet back: their IR hash is already stored, and only `bot rollback` makes an old version live.
 */
import type { BotIR } from "../../compiler/ir/types.ts";
import type { VersionStore, VersionSummary } from "../store/versions/types.ts";
import { runProblem } from "./follow.ts";
import { irHash, newVersionOf } from "./summary.ts";

export type Choice =
  | { type: "run"; ir: BotIR; version: number; note: ChoiceNote }
  /** Nothing can run: the message says why and what to do. */
  | { type: "refused"; message: string };

export type ChoiceNote =
  | { kind: "published"; previous: number | null }
  | { kind: "live-is-files" }
  /** The files are an older stored version; the live one runs. */
  | { kind: "files-are-older"; files: number }
  | { kind: "live-only" };

export async function chooseVersion(versions: VersionStore, files: BotIR | null, options: { live: boolean; by: string; at: number }): Promise<Choice> {
  const marker = await versions.live();
  if (options.live || files === null) {
    if (marker === null)
      return { type: "refused", message: "no version is published yet: publish one with bot publish <bot> (or start bot run without --live)" };
    return runLive(versions, marker.number, { kind: "live-only" });
  }
  const hash = irHash(files);
  const known: VersionSummary | null = await versions.findByHash(hash);
  if (known === null) {
    const result = await versions.publish(newVersionOf(files, options.by, "published by bot run (files not published before)"), options.at);
    const previous = result.type === "published" ? (result.previous?.number ?? null) : null;
    return { type: "run", ir: files, version: result.version.number, note: { kind: "published", previous } };
  }
  if (marker !== null && marker.number === known.number) return { type: "run", ir: files, version: known.number, note: { kind: "live-is-files" } };
  if (marker === null) return { type: "refused", message: "versions are stored but none is live: make one live with bot rollback <bot> N" };
  return runLive(versions, marker.number, { kind: "files-are-older", files: known.number });
}

async function runLive(versions: VersionStore, number: number, note: ChoiceNote): Promise<Choice> {
  const record = await versions.get(number);
  if (record === null) return { type: "refused", message: `the live version ${number} is not stored` };
  const problem = runProblem(record.ir);
  if (problem !== null)
    return { type: "refused", message: `the live version ${number} (published by ${record.compiler}) cannot run here: ${problem}. Upgrade this bot runtime.` };
  return { type: "run", ir: JSON.parse(record.ir) as BotIR, version: number, note };
}
