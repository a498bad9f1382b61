/** @module `^reminder` and `^reminderCancel`: pending reminders live in the session; the runtime schedules them. */
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
  return template.map((part): TemplatePart => {
    switch (part.type) {
      case "star":
        return { type: "text", value: readStar(scope, part.index, part.source) };
      case "set":
      case "botSet":
      case "envSet":
      case "math":
        return { ...part, value: bindCaptures(part.value, scope) };
      case "random":
        return { ...part, options: part.options.map((o) => bindCaptures(o, scope)) };
      case "format":
        return { ...part, body: bindCaptures(part.body, scope) };
      case "inlineRedirect":
        return { ...part, target: bindCaptures(part.target, scope) };
      case "call":
        return { ...part, args: bindCaptures(part.args, scope) };
      case "media":
        return { ...part, url: bindCaptures(part.url, scope) };
      case "buttons":
        return { ...part, labels: part.labels.map((l) => bindCaptures(l, scope)) };
      case "link":
        return { ...part, url: bindCaptures(part.url, scope), title: part.title === null ? null : bindCaptures(part.title, scope) };
      case "reminder":
        return { ...part, text: bindCaptures(part.text, scope), at: bindCaptures(part.at, scope) };
      default:
        return part;
    }
  });
}
