/** @module `^reminder` and `^reminderCancel`: pending reminders live in the session; the runtime schedules them. */
import { withTemplateChildren } from "../../../compiler/ir/template-children.ts";
import type { Template, TemplatePart } from "../../../compiler/ir/types.ts";
import { snakeName } from "../normalise.ts";
import { log, type Run, type Scope } from "../run.ts";
import { readStar } from "./values.ts";

export function scheduleReminder(run: Run, scope: Scope, rawName: string, text: Template, atText: string): void {
  const name = snakeName(rawName);
  const at = atText.trim();
  if (!/^-?[0-9]+(\.[0-9]+)?$/.test(at)) {
    log(run, "RUN007", { name, at: atText });
    return;
  }
  const dueAt = Math.round(Number(at));
  run.session.reminders[name] = { name, dueAt, text: bindCaptures(text, scope) };
  run.session.meta[`_reminder_${name}`] = String(dueAt);
  run.effects.push({ type: "scheduleReminder", userId: run.session.userId, name, dueAt });
}

export function cancelReminder(run: Run, rawName: string): void {
  const name = snakeName(rawName);
  delete run.session.reminders[name];
  delete run.session.meta[`_reminder_${name}`];
  run.effects.push({ type: "cancelReminder", userId: run.session.userId, name });
}

/**
 * Captures only exist while the trigger's reply is built, so `<star>`/`<botstar>` in a reminder's text are
 * fixed now (as plain text, never re-parsed); everything else is read when the reminder fires.
 */
function bindCaptures(template: Template, scope: Scope): Template {
  return template.map((part): TemplatePart =>
    part.type === "star" ? { type: "text", value: readStar(scope, part.index, part.source) } : withTemplateChildren(part, bindCaptures, scope),
  );
}
