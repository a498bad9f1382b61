/**
 * @module The namespace variables the SMS runtime fills for every user (docs/engine.md "Namespace variables"):
 * one list for the linter (SMS012) and for broadcast `--where`, so the two cannot drift apart.
 */

export const NAMESPACE_VARIABLES = [
  "_platform",
  "_platformId",
  "_userPhone",
  "_rawMsgText",
  "_firstMsgSent",
  "_lastMsgReceived",
  "_sessionStarted",
  "_fromCity",
  "_fromState",
  "_fromZip",
  "_fromCountry",
] as const;

const NAMES: ReadonlySet<string> = new Set(NAMESPACE_VARIABLES);

/** True for a variable the runtime fills: one of the list, or a reminder's `_reminder_NAME`. */
export function isNamespaceVariable(name: string): boolean {
  return NAMES.has(name) || name.startsWith("_reminder_");
}
