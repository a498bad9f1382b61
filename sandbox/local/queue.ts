/** @module The virtual clock's agenda: timed messages and reminders, ordered by due time then insertion. */
import type { OutboundMessage } from "../../engine/types.ts";

export type Entry =
  | { type: "message"; dueAt: number; order: number; message: OutboundMessage }
  | { type: "reminder"; dueAt: number; order: number; userId: string; name: string };

/** A small sorted list: a chat has a handful of pending entries, so insertion sort beats a heap here. */
export function createAgenda() {
  let entries: Entry[] = [];
  let counter = 0;

  const insert = (entry: Entry) => {
    let i = entries.length;
    while (i > 0 && before(entry, entries[i - 1]!)) i--;
    entries.splice(i, 0, entry);
  };

  return {
    addMessage(message: OutboundMessage): void {
      insert({ type: "message", dueAt: message.dueAt, order: counter++, message });
    },
    /** One pending reminder per user and name: scheduling again replaces it. */
    addReminder(userId: string, name: string, dueAt: number): void {
      this.removeReminder(userId, name);
      insert({ type: "reminder", dueAt, order: counter++, userId, name });
    },
    removeReminder(userId: string, name: string): void {
      entries = entries.filter((e) => !(e.type === "reminder" && e.userId === userId && e.name === name));
    },
    /** Drops the user's cancelable messages; returns them (bot chat shows what a new message cancelled). */
    cancelPending(userId: string): OutboundMessage[] {
      const dropped: OutboundMessage[] = [];
      entries = entries.filter((e) => {
        const drop = e.type === "message" && e.message.to === userId && e.message.cancelable;
        if (drop) dropped.push(e.message);
        return !drop;
      });
      return dropped;
    },
    /** Drops everything pending for the user, delayed parts marked nocancel and reminders included (an opt-out). */
    cancelAll(userId: string): number {
      const before = entries.length;
      entries = entries.filter((e) => (e.type === "message" ? e.message.to !== userId : e.userId !== userId));
      return before - entries.length;
    },
    /** Removes and returns the earliest entry due at or before `time`. */
    takeDue(time: number): Entry | undefined {
      const first = entries[0];
      if (!first || first.dueAt > time) return undefined;
      entries.shift();
      return first;
    },
    nextDueAt(): number | null {
      return entries[0]?.dueAt ?? null;
    },
    list(): readonly Entry[] {
      return entries;
    },
  };
}

export type Agenda = ReturnType<typeof createAgenda>;

function before(a: Entry, b: Entry): boolean {
  return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.order < b.order);
}
