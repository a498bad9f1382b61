/**
 * @module The insights reports over the message log and the bot as it is now: missed messages grouped by
 * normalised text with the nearest triggers, and every trigger's hits (never-fired ones included). Shared by
 * `bot insights`, the API and the dashboard, so all three show the same numbers.
 */
import type { BotIR, TriggerIR } from "../../compiler/ir/types.ts";
import { nearestIndex, nearestTriggers, type NearestIndex, type NearestVia } from "../../engine/match/nearest.ts";
import { classifyKeyword } from "../../sms/keywords/opt-out.ts";
import type { InsightsQuery, InsightsStore, MatchCounts, SourceLocation } from "../store/insights/types.ts";

export interface NearestSuggestion {
  /** The trigger as written (`what time do you open`), its topic and where it is. */
  trigger: string;
  topic: string;
  source: SourceLocation;
  via: NearestVia["type"];
  /** What to do, in words: "extend `+ [what] time do you open` (it matches with \"u\" as \"you\")". */
  hint: string;
  score: number;
}

export interface MissedGroup {
  text: string;
  count: number;
  /** Of `count`, how many nothing answered (the rest fell to a catch-all). */
  unanswered: number;
  firstSeen: string;
  lastSeen: string;
  /** A few of the users who wrote it. */
  users: string[];
  userCount: number;
  nearest: NearestSuggestion[];
  /** What to add when no trigger is near. */
  suggestion: string;
}

export interface MissedReport {
  counts: MatchCounts;
  /** False when the database predates recording: every message is unknown. */
  recording: boolean;
  groups: MissedGroup[];
}

export interface TriggerCoverage {
  id: number | null;
  topic: string;
  trigger: string;
  source: SourceLocation | null;
  hits: number;
  lastHit: string | null;
  /** `removed`: it answered messages in the period but is no longer in the script. */
  state: "fired" | "never-fired" | "removed";
}

export interface TriggersReport {
  counts: MatchCounts;
  recording: boolean;
  triggers: TriggerCoverage[];
}

/** Groups listed by default: the long tail is rarely worth reading, and `--limit` raises it. */
export const DEFAULT_GROUPS = 50;

/** The nearest-trigger index is built once per IR and kept while the IR is in use. */
const indexes = new WeakMap<BotIR, NearestIndex>();

export async function missedReport(ir: BotIR, store: InsightsStore, query: InsightsQuery & { limit?: number }): Promise<MissedReport> {
  const [recording, counts] = await Promise.all([store.recording(), store.counts(query)]);
  const limit = query.limit ?? DEFAULT_GROUPS;
  // STOP-family words never reach the engine, but a row from before a keyword list change could: leave them out, asking for one more row each.
  const rows = (await store.missed({ ...query, limit: limit + 8 })).filter((row) => classifyKeyword(row.text) === null).slice(0, limit);
  let index = indexes.get(ir);
  if (index === undefined) indexes.set(ir, (index = nearestIndex(ir)));
  const groups = rows.map((row): MissedGroup => {
    const words = row.text === "" ? [] : row.text.split(" ");
    const nearest = nearestTriggers(index, words).map((found) => suggestion(ir.triggers[found.triggerId]!, found.via, found.score));
    return {
      text: row.text,
      count: row.count,
      unanswered: row.unanswered,
      firstSeen: new Date(row.firstSeen).toISOString(),
      lastSeen: new Date(row.lastSeen).toISOString(),
      users: row.users,
      userCount: row.userCount,
      nearest,
      suggestion: nearest[0]?.via === "tokens" || nearest.length === 0 ? `add \`+ ${row.text}\`` : nearest[0]!.hint,
    };
  });
  return { counts, recording, groups };
}

export async function triggersReport(ir: BotIR, store: InsightsStore, query: InsightsQuery): Promise<TriggersReport> {
  const [recording, counts, hits] = await Promise.all([store.recording(), store.counts(query), store.triggerHits(query)]);
  const byKey = new Map(hits.map((h) => [key(h.topic, h.text), h]));
  const triggers: TriggerCoverage[] = [];
  for (const trigger of ir.triggers) {
    if (trigger.topic === "__begin__") continue;
    if (query.topic !== undefined && trigger.topic !== query.topic) continue;
    const hit = byKey.get(key(trigger.topic, trigger.text));
    byKey.delete(key(trigger.topic, trigger.text));
    triggers.push({
      id: trigger.id,
      topic: trigger.topic,
      trigger: trigger.text,
      source: sourceOf(trigger),
      hits: hit?.hits ?? 0,
      lastHit: hit === undefined ? null : new Date(hit.lastHit).toISOString(),
      state: hit === undefined ? "never-fired" : "fired",
    });
  }
  for (const hit of byKey.values()) {
    triggers.push({
      id: null,
      topic: hit.topic,
      trigger: hit.text,
      source: null,
      hits: hit.hits,
      lastHit: new Date(hit.lastHit).toISOString(),
      state: "removed",
    });
  }
  // Most hits first; never-fired ones last, in source order, so the list reads like the script.
  triggers.sort((a, b) => b.hits - a.hits || (a.id ?? Infinity) - (b.id ?? Infinity));
  return { counts, recording, triggers };
}

function key(topic: string, text: string): string {
  return `${topic}\u0000${text}`;
}

export function sourceOf(trigger: TriggerIR): SourceLocation {
  return { file: trigger.span.file, line: trigger.span.start.line, column: trigger.span.start.column };
}

function suggestion(trigger: TriggerIR, via: NearestVia, score: number): NearestSuggestion {
  const plus = `\`+ ${trigger.text}\``;
  const where = trigger.topic === "default" ? "" : ` (topic ${trigger.topic})`;
  return { trigger: trigger.text, topic: trigger.topic, source: sourceOf(trigger), via: via.type, hint: hintFor(plus + where, via), score };
}

function hintFor(plus: string, via: NearestVia): string {
  switch (via.type) {
    case "as-is":
      return `${plus} matches it as written, but in another topic: include that topic or copy the trigger`;
    case "drop":
      return `extend ${plus}: it matches without "${via.word}"`;
    case "replace":
      return `extend ${plus}: it matches with "${via.with}" for "${via.word}"`;
    case "add":
      return `extend ${plus}: it matches with "${via.word}" added`;
    case "tokens":
      return `near ${plus} (shares words)`;
    default: {
      const _exhaustive: never = via;
      return _exhaustive;
    }
  }
}
