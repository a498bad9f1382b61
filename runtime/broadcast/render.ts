/** @module Renders the broadcast body for one recipient with the engine (tags, `<get>`, `<send>`, `<delay>`), and what it changed in the session. */
import type { Template } from "../../compiler/ir/types.ts";
import { newSession, renderTemplate } from "../../engine/index.ts";
import type { BotState, Brain, EngineEnv, Session } from "../../engine/index.ts";
import type { UserRecord } from "../store/index.ts";
import { countSegments } from "../twilio/index.ts";
import type { RenderedPart, SessionPatch } from "../store/broadcasts/types.ts";

/** Twilio refuses longer bodies with 21617. */
export const MAX_BODY_CHARACTERS = 1600;

export interface RenderedRecipient {
  userId: string;
  parts: RenderedPart[];
  patch: SessionPatch | null;
  segments: number;
  /** Longest part, UTF-16 units (how Twilio's 1,600 limit is checked conservatively). */
  characters: number;
  ucs2: boolean;
}

export async function renderFor(brain: Brain, bot: BotState, user: UserRecord, template: Template, env: EngineEnv): Promise<RenderedRecipient> {
  const session: Session = user.session ?? newSession(user.id, user.firstSeenAt);
  const now = env.clock.now();
  const result = await renderTemplate(brain, { session, bot }, template, env);
  const parts: RenderedPart[] = [];
  for (const effect of result.effects) {
    if (effect.type !== "message") continue;
    if (effect.body.trim() === "" && effect.media.length === 0) continue;
    parts.push({ body: effect.body, media: effect.media, delayMs: Math.max(0, effect.dueAt - now), cancelable: effect.cancelable });
  }
  let segments = 0;
  let characters = 0;
  let ucs2 = false;
  for (const part of parts) {
    const info = countSegments(part.body);
    segments += info.segments;
    characters = Math.max(characters, part.body.length);
    ucs2 ||= info.encoding === "UCS-2";
  }
  return { userId: user.id, parts, patch: patchOf(session, result.session), segments, characters, ucs2 };
}

/** Only the topic and user variables carry over: a broadcast must not overwrite history or reminders written meanwhile. */
function patchOf(before: Session, after: Session): SessionPatch | null {
  const patch: SessionPatch = {};
  if (after.topic !== before.topic) patch.topic = after.topic;
  const vars: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(after.vars)) if (before.vars[name] !== value) vars[name] = value;
  for (const name of Object.keys(before.vars)) if (!(name in after.vars)) vars[name] = null;
  if (Object.keys(vars).length > 0) patch.vars = vars;
  return Object.keys(patch).length > 0 ? patch : null;
}
