/** @module A session whose topic the running version no longer has moves to `default`: the engine would otherwise look up a topic that is not there. Pure. */
import type { BotIR } from "../../compiler/ir/types.ts";
import type { Session } from "../../engine/types.ts";

/** The session moved to `default` and the topic it was in, or null when its topic exists in `ir`. */
export function settleTopic(session: Session, ir: BotIR): { session: Session; removed: string } | null {
  if (Object.hasOwn(ir.topics, session.topic)) return null;
  return { session: { ...session, topic: "default" }, removed: session.topic };
}
