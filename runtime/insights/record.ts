/** @module What the message log records with an inbound message: the engine's match, with the trigger's place in the source (the IR's spans are the source map). */
import type { BotIR } from "../../compiler/ir/types.ts";
import type { StepResult } from "../../engine/types.ts";
import type { MatchKind, MessageMatch } from "../store/insights/types.ts";

/** The engine's answer to a message, as logged; a step without a match (never for `respond`) is `none`. */
export function matchOfStep(ir: BotIR, result: StepResult): MessageMatch {
  const match = result.match;
  if (match === undefined) return { kind: "none", text: null, topic: null, trigger: null };
  switch (match.kind) {
    case "none":
      return { kind: "none", text: match.text, topic: match.topic, trigger: null };
    case "trigger":
    case "catch-all": {
      const trigger = ir.triggers[match.triggerId];
      if (trigger === undefined) return { kind: match.kind, text: match.text, topic: match.topic, trigger: null };
      const { file, start } = trigger.span;
      return {
        kind: match.kind,
        text: match.text,
        topic: match.topic,
        trigger: { id: trigger.id, topic: trigger.topic, text: trigger.text, source: { file, line: start.line, column: start.column } },
      };
    }
    default: {
      const _exhaustive: never = match;
      return _exhaustive;
    }
  }
}

/** A message the engine never saw: the keyword layer answered it, the user is opted out, or a person has the conversation. */
export function matchWithoutEngine(kind: Extract<MatchKind, "keyword" | "opted-out" | "handed-off">): MessageMatch {
  return { kind, text: null, topic: null, trigger: null };
}
