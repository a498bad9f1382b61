/** @module Which quiet-hours windows of a broadcast are open now: the feeder releases only their recipients. */
import { isOpen, nextOpen, parseWindowKey } from "../quiet-hours/index.ts";
import type { BroadcastStore } from "../store/broadcasts/types.ts";

export interface OpenWindows {
  /** Window keys open now; null when the broadcast has no quiet hours (release everyone). */
  open: string[] | null;
  /** Queued recipients whose window is closed. */
  waiting: number;
  /** The earliest opening of a closed window. */
  nextOpenAt: number | null;
}

/** Open at `now` and still open a pace window later, so no row released now falls due after its window closed. */
export async function openWindowsAt(broadcasts: BroadcastStore, id: number, now: number, aheadMs: number): Promise<OpenWindows> {
  const windows = await broadcasts.queuedWindows(id);
  if (windows.length === 0) return { open: null, waiting: 0, nextOpenAt: null };
  const open: string[] = [];
  let waiting = 0;
  let nextOpenAt: number | null = null;
  for (const { window, queued } of windows) {
    const parsed = parseWindowKey(window);
    // A key this runtime cannot read is released as before quiet hours existed rather than held forever.
    if (parsed === null || (isOpen(parsed.zones, parsed.window, now) && isOpen(parsed.zones, parsed.window, now + aheadMs))) {
      open.push(window);
      continue;
    }
    waiting += queued;
    const at = nextOpen(parsed.zones, parsed.window, now);
    if (at !== null && (nextOpenAt === null || at < nextOpenAt)) nextOpenAt = at;
  }
  return { open, waiting, nextOpenAt };
}
