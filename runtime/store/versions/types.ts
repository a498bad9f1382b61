/** @module The VersionStore's records: published versions of the bot (compiled IR plus metadata), the live marker and its history. */

/** What publishing stores; the number is given by the store. */
export interface NewVersion {
  /** The compiled IR as JSON text, stored as is. */
  ir: string;
  /** The IR's format (`irVersion`): a process that runs another format refuses the version. */
  irVersion: number;
  /** Which compiler wrote it, e.g. `dexter-bot 0.9.0`. */
  compiler: string;
  /** The sources' hash as the IR records it (`ir.sources.sha256`). */
  sourceHash: string;
  /** sha256 of the IR without its compiler stamp: the same bot published twice has the same one. */
  irHash: string;
  /** Each trigger's key (topic, text, previous) → a hash of its reply. */
  triggers: Record<string, string>;
  /** Who published it: `cli <user>@<host>`, `api`, `bot run`. */
  by: string;
  message: string | null;
}

/** A stored version without its IR (listing never loads every IR). */
export interface VersionSummary {
  number: number;
  irVersion: number;
  compiler: string;
  sourceHash: string;
  irHash: string;
  triggers: Record<string, string>;
  triggerCount: number;
  publishedBy: string;
  publishedAt: number;
  message: string | null;
  live: boolean;
}

export interface VersionRecord extends VersionSummary {
  ir: string;
}

/** Which version is live, since when and by whom: read on every follow check, so it is one small row. */
export interface LiveMarker {
  number: number;
  changedAt: number;
  changedBy: string;
}

export type LiveAction = "publish" | "rollback" | "live";

export interface LiveChange {
  seq: number;
  number: number;
  action: LiveAction;
  at: number;
  by: string;
}

export type PublishResult =
  /** Stored under a new number and made live. */
  | { type: "published"; version: VersionSummary; previous: VersionSummary | null }
  /** The live version already has this IR: nothing written. */
  | { type: "unchanged"; version: VersionSummary };

export type SetLiveResult =
  | { type: "live"; version: VersionSummary; previous: VersionSummary | null }
  /** It already was the live version: nothing written. */
  | { type: "already"; version: VersionSummary }
  | { type: "unknown"; versions: VersionSummary[] };

export interface VersionStore {
  /** Stores the version and makes it live, in one transaction (PostgreSQL: peers are told at commit). */
  publish(input: NewVersion, at: number): Promise<PublishResult>;
  /** Every version, newest first, the live one marked. */
  list(): Promise<VersionSummary[]>;
  get(number: number): Promise<VersionRecord | null>;
  /** The newest version with this IR hash, or null. */
  findByHash(irHash: string): Promise<VersionSummary | null>;
  live(): Promise<LiveMarker | null>;
  /** Makes a stored version live (`rollback` names the action in the history). */
  setLive(number: number, at: number, by: string, action: Exclude<LiveAction, "publish">): Promise<SetLiveResult>;
  /** Live changes, newest first. */
  history(limit?: number): Promise<LiveChange[]>;
  /**
   * PostgreSQL: calls `onChange` when any process changes the live version (LISTEN/NOTIFY on a connection of
   * its own, re-established when lost); resolves to a function that stops listening. Absent on SQLite.
   */
  listen?(onChange: () => void, onTrouble?: (error: unknown) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
