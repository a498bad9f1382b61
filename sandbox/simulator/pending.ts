/** @module How many parts of the bot's reply are still on their way to one phone (the page's typing indicator). */
import type { OutboxRow, Store } from "../../runtime/store/index.ts";

export interface PendingParts {
  /** False when the simulator has no store to ask (the page then shows no indicator). */
  known: boolean;
  /** Messages written but not yet accepted by Twilio: waiting for their due time, being sent, or being reconciled. */
  count: number;
  /** Earliest due time among them (epoch ms, runtime clock), or null. */
  nextDueAt: number | null;
  /** The runtime clock now, so the page can count down without trusting the browser's clock. */
  now: number;
}

const IN_FLIGHT = new Set<OutboxRow["state"]>(["pending", "sending", "unknown"]);

export async function pendingParts(store: Pick<Store, "listOutbox"> | undefined, phone: string, now: number): Promise<PendingParts> {
  if (!store) return { known: false, count: 0, nextDueAt: null, now };
  // Reminder rows are timers, not messages being typed.
  const rows = (await store.listOutbox({ userId: phone })).filter((row) => row.kind !== "reminder" && IN_FLIGHT.has(row.state));
  const nextDueAt = rows.length === 0 ? null : Math.min(...rows.map((row) => row.dueAt));
  return { known: true, count: rows.length, nextDueAt, now };
}
