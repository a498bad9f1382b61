/** @module The IR's record of its inputs: a SHA-256 per file and one over them all, so a stale compiled file can be told. */
import { createHash } from "node:crypto";
import type { SourceHash, SourceRecord } from "../ir/types.ts";

export interface RecordedInput {
  /** Relative to the bot folder, `/`-separated. */
  path: string;
  text: string;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** One hash for a set of file hashes; the same function checks a record later (runtime side). */
export function combinedHash(files: readonly SourceHash[]): string {
  return sha256(
    [...files]
      .sort(byPath)
      .map((f) => `${f.path}\u0000${f.sha256}\n`)
      .join(""),
  );
}

export function recordSources(inputs: readonly RecordedInput[], folder: boolean): SourceRecord {
  const seen = new Map<string, SourceHash>();
  for (const input of inputs) seen.set(input.path, { path: input.path, sha256: sha256(input.text) });
  const files = [...seen.values()].sort(byPath);
  return { sha256: combinedHash(files), files, folder };
}

function byPath(a: SourceHash, b: SourceHash): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
