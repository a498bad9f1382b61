/** @module What the spool holds: a verified inbound webhook or a status callback, one JSON line each, with the time it arrived. */
import type { QueuedMessage } from "../store/types.ts";

export type SpoolEntry =
  { v: 1; kind: "inbound"; at: number; message: QueuedMessage } | { v: 1; kind: "status"; at: number; sid: string; status: string; errorCode: number | null };

export function encodeEntry(entry: SpoolEntry): string {
  return `${JSON.stringify(entry)}\n`;
}

/** The entries of a spool file's text; a line cut short by a crash mid-write (the last one) is skipped and counted. */
export function decodeEntries(text: string): { entries: SpoolEntry[]; torn: number } {
  const entries: SpoolEntry[] = [];
  let torn = 0;
  for (const line of text.split("\n")) {
    if (line === "") continue;
    try {
      const value = JSON.parse(line) as SpoolEntry;
      if (value.v === 1 && (value.kind === "inbound" || value.kind === "status")) entries.push(value);
      else torn++;
    } catch {
      torn++;
    }
  }
  return { entries, torn };
}

/** Whose messages an entry carries, for the log. */
export function describeEntry(entry: SpoolEntry): string {
  switch (entry.kind) {
    case "inbound":
      return `inbound ${entry.message.sid} from ${entry.message.from}`;
    case "status":
      return `status ${entry.status} for ${entry.sid}`;
    default: {
      const _exhaustive: never = entry;
      return String(_exhaustive);
    }
  }
}
