/** @module The insights contracts the store keeps: why an inbound message was answered, and the reports over it (missed messages, trigger hits). */

/**
 * How an inbound message was answered: by a trigger, by a catch-all (`*` alone, in any topic), by nothing, by
 * the keyword layer (STOP/START/HELP), or not at all because the user is opted out or a person has the
 * conversation (handed off). Rows logged before the
 * insights migration have no kind: they are `unknown`, never counted as missed.
 */
export type MatchKind = "trigger" | "catch-all" | "none" | "keyword" | "opted-out" | "handed-off";

export const MATCH_KINDS: readonly MatchKind[] = ["trigger", "catch-all", "none", "keyword", "opted-out", "handed-off"];

/** Where a trigger is written (1-based line and column, as diagnostics show them). */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** What the message log records with an inbound message. */
export interface MessageMatch {
  kind: MatchKind;
  /** The text as the engine normalised it for matching (null when the engine did not run). */
  text: string | null;
  /** The topic the user was in. */
  topic: string | null;
  /** The trigger that answered the message itself (not a redirect's), for `trigger` and `catch-all`. */
  trigger: { id: number; topic: string; text: string; source: SourceLocation } | null;
}

export interface InsightsQuery {
  /** Epoch ms, inclusive. */
  since?: number;
  until?: number;
  /** Only messages sent while the user was in this topic. */
  topic?: string;
}

/** Inbound messages in the period by how they were answered; `unknown` are rows logged before recording began. */
export type MatchCounts = Record<MatchKind | "unknown", number>;

/** What users wrote that only a catch-all or nothing answered, grouped by normalised text. */
export interface MissedGroupRow {
  text: string;
  count: number;
  /** How many of them nothing answered at all (the rest fell to a catch-all). */
  unanswered: number;
  firstSeen: number;
  lastSeen: number;
  userCount: number;
  /** A few of the users who wrote it, in the order they first did. */
  users: string[];
}

export interface TriggerHitRow {
  topic: string;
  text: string;
  hits: number;
  lastHit: number;
}

export interface MatchedMessageRow {
  userId: string;
  body: string;
  at: number;
}

export interface InsightsStore {
  /** Whether the database records matches (its schema has the insights columns); when not, every message is unknown. */
  recording(): Promise<boolean>;
  counts(query: InsightsQuery): Promise<MatchCounts>;
  /** Missed groups, most frequent first, at most `limit`; opted-out users' messages left out. */
  missed(query: InsightsQuery & { limit: number }): Promise<MissedGroupRow[]>;
  triggerHits(query: InsightsQuery): Promise<TriggerHitRow[]>;
  /** The latest messages one trigger answered, for the conversation examples. */
  examples(trigger: { topic: string; text: string }, query: InsightsQuery & { limit: number }): Promise<MatchedMessageRow[]>;
  close(): Promise<void>;
}
