/** @module Starting a planned broadcast: refuses one the policy refused or a duplicate of an unfinished broadcast, and stores it with its runner's lease in one transaction. */
import type { Plan } from "./plan.ts";
import type { BroadcastRecord, BroadcastStore, Lease } from "../store/broadcasts/types.ts";

export type StartResult =
  | { type: "started"; broadcast: BroadcastRecord }
  | { type: "refused"; message: string }
  /** The same body to the same audience is already unfinished: starting it again could message people twice. */
  | { type: "duplicate"; message: string; existing: BroadcastRecord };

export async function startPlanned(broadcasts: BroadcastStore, plan: Plan, now: number, lease: Lease | null): Promise<StartResult> {
  if (!plan.report.verdict.ok) return { type: "refused", message: plan.report.verdict.reason };
  if (plan.recipients.length === 0)
    return { type: "refused", message: "no recipients: nobody matches the filters (or all of them opted out); nothing was sent" };
  const created = await broadcasts.create(plan.broadcast, plan.recipients, now, lease);
  if (created.type === "created") return { type: "started", broadcast: created.broadcast };
  const existing = created.broadcast;
  return {
    type: "duplicate",
    existing,
    message: `broadcast ${existing.id} with this body and audience is still ${existing.state}: resume it (bot broadcast --resume ${existing.id}) or cancel it (--cancel ${existing.id}) rather than starting it twice; nothing was changed`,
  };
}
