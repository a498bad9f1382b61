/** @module `^reminder` and `^reminderCancel`: pending reminders live in the session; the runtime schedules them. */
import { withTemplateChildren } from "../../compiler/ir/template-children.ts";
import type { Template, TemplatePart } from "../../compiler/ir/types.ts";
import { snakeName } from "../normalise.ts";
import { log, type Run, type Scope } from "../run.ts";
import { readStar } from "./values.ts";

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * When a reminder is due: epoch milliseconds (`1767261600000`), or a time from now (`+1d`, `+2h`, `+30m`, `+45s`,
 * `+1w`, and sums such as `+1d12h`). Null when the text is neither.
 */
export function reminderTime(at: string, now: number): number | null {
  if (/^-?[0-9]+(\.[0-9]+)?$/.test(at)) return Math.round(Number(at));
  if (!/^\+(?:[0-9]+(?:\.[0-9]+)?[smhdw])+$/.test(at)) return null;
  let offset = 0;
  for (const [, amount, unit] of at.matchAll(/([0-9]+(?:\.[0-9]+)?)([smhdw])/g)) offset += Number(amount) * UNIT_MS[unit!]!;
  return Math.round(now + offset);
}

export function scheduleReminder(run: Run, scope: Scope, rawName: string, text: Template, atText: string): void {
  const name = snakeName(rawName);
  const dueAt = reminderTime(atText.trim(), run.now);
  if (dueAt === null) {
    log(run, "RUN007", { name, at: atText });
    return;
  }
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
