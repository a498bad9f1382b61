/** @module A broadcast body's session changes (`{topic=…}`, `<set>`), applied to the recipient's stored session in the release transaction. */
import { newSession } from "../../../engine/index.ts";
import type { Session } from "../../../engine/index.ts";
import type { SessionPatch } from "./types.ts";

/** Applies a patch to a stored session (or a new one), for the release transaction. */
export function applyPatch(session: Session | null, userId: string, now: number, patch: SessionPatch): Session {
  const next: Session = session ? { ...session, vars: { ...session.vars } } : newSession(userId, now);
  if (patch.topic !== undefined) next.topic = patch.topic;
  for (const [name, value] of Object.entries(patch.vars ?? {})) {
    if (value === null) delete next.vars[name];
    else next.vars[name] = value;
  }
  return next;
}
