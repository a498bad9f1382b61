/** @module The projected schedule of a broadcast under quiet hours: recipients released in order at the pace, each only while its window is open. */
import { isOpen, nextOpen, parseWindowKey } from "./window.ts";
import type { QuietWindow } from "./window.ts";

const MINUTE = 60_000;

export interface ProjectionInput {
  /** In release order: the recipient's window key (null: no quiet hours apply) and how many messages it gets. */
  recipients: readonly { key: string | null; messages: number }[];
  /** Messages per second. */
  rate: number;
  startAt: number;
  /** Give up after this long (the broadcast "cannot finish within N days"). */
  horizonMs: number;
}

export interface Projection {
  /** When the last message is due, or null when not within the horizon. */
  finishAt: number | null;
  /** Per window key: when its first and last recipient go (null: not within the horizon). */
  windows: Map<string, { firstAt: number | null; lastAt: number | null; recipients: number }>;
  /** Cumulative messages released, one point per minute in which some were (for the progress chart). */
  timeline: { at: number; messages: number }[];
  /** Recipients the horizon does not reach. */
  unreached: number;
}

export function projectSchedule({ recipients, rate, startAt, horizonMs }: ProjectionInput): Projection {
  const groups = new Map<string, { parsed: { window: QuietWindow; zones: string[] } | null; queue: number[]; head: number }>();
  const windows: Projection["windows"] = new Map();
  recipients.forEach((r, index) => {
    const key = r.key ?? "";
    let group = groups.get(key);
    if (!group) {
      group = { parsed: r.key === null ? null : parseWindowKey(r.key), queue: [], head: 0 };
      groups.set(key, group);
    }
    group.queue.push(index);
    const w = windows.get(key) ?? { firstAt: null, lastAt: null, recipients: 0 };
    w.recipients++;
    windows.set(key, w);
  });
  const perMinute = rate * 60;
  const timeline: Projection["timeline"] = [];
  let released = 0;
  let left = recipients.length;
  let finishAt: number | null = left === 0 ? startAt : null;
  let carry = 0;
  let t = startAt;
  while (left > 0 && t - startAt <= horizonMs) {
    const open = [...groups.entries()].filter(([, g]) => g.head < g.queue.length && (g.parsed === null || isOpen(g.parsed.zones, g.parsed.window, t)));
    if (open.length === 0) {
      // Nothing may go: jump to the earliest opening of a window with recipients left.
      const openings = [...groups.values()]
        .filter((g) => g.head < g.queue.length && g.parsed !== null)
        .map((g) => nextOpen(g.parsed!.zones, g.parsed!.window, t, horizonMs))
        .filter((at): at is number => at !== null);
      if (openings.length === 0) break;
      t = Math.max(t + MINUTE / 60, Math.min(...openings));
      carry = 0;
      continue;
    }
    let budget = perMinute + carry;
    let used = 0;
    for (;;) {
      let pick: [string, (typeof open)[number][1]] | null = null;
      for (const entry of open) {
        const g = entry[1];
        if (g.head < g.queue.length && (pick === null || g.queue[g.head]! < pick[1].queue[pick[1].head]!)) pick = entry;
      }
      if (pick === null) break;
      const messages = recipients[pick[1].queue[pick[1].head]!]!.messages;
      // A recipient's messages go together; the first always fits, so a slow pace still moves.
      if (used > 0 && messages > budget) break;
      const at = t + (used / rate) * 1000;
      used += messages;
      budget -= messages;
      pick[1].head++;
      left--;
      const w = windows.get(pick[0])!;
      w.firstAt ??= at;
      w.lastAt = at;
      finishAt = left === 0 ? at : finishAt;
    }
    carry = Math.max(0, Math.min(budget, perMinute));
    released += used;
    if (used > 0) timeline.push({ at: t, messages: released });
    t += MINUTE;
  }
  return { finishAt: left === 0 ? finishAt : null, windows, timeline, unreached: left };
}
