/** @module Go to definition, find references and rename, over every file of the bot. */
import { occurrenceAt, occurrencesOf, redirectTarget, type BotModel } from "./bot-model.ts";
import type { BotLocation } from "./lsp-range.ts";
import type { Occurrence } from "./symbols.ts";

/** Where the name under the cursor is defined (or set, for user variables); a redirect's target trigger. */
export function definitionAt(model: BotModel, path: string, offset: number): BotLocation[] {
  const o = occurrenceAt(model, path, offset);
  if (!o) return [];
  if (o.kind === "redirect") {
    const target = redirectTarget(model, o.target, o.topic);
    return target ? [{ path: target.span.file, span: target.pattern.span }] : [];
  }
  const all = occurrencesOf(model, o.kind, o.name);
  // A value comes from its declaration (`! var`, `> topic`, `! array` …) and from every tag that sets it;
  // user variables have no declaration, so only the latter.
  return all.filter((x) => "role" in x && (x.role === "definition" || x.role === "write")).map(located);
}

/** Every occurrence of the name under the cursor; for a trigger, the redirects that reach it. */
export function referencesAt(model: BotModel, path: string, offset: number, includeDeclaration: boolean): BotLocation[] {
  const o = occurrenceAt(model, path, offset);
  if (o && o.kind !== "redirect") {
    return occurrencesOf(model, o.kind, o.name)
      .filter((x) => includeDeclaration || !("role" in x && x.role === "definition"))
      .map(located);
  }
  // On a trigger's pattern (or a redirect): every redirect in the bot that reaches the same trigger.
  const trigger = o?.kind === "redirect" ? redirectTarget(model, o.target, o.topic) : triggerAtPattern(model, path, offset);
  if (!trigger) return [];
  const out: BotLocation[] = includeDeclaration ? [{ path: trigger.span.file, span: trigger.pattern.span }] : [];
  for (const file of model.symbols.values()) {
    for (const r of file.occurrences) {
      if (r.kind !== "redirect") continue;
      const reached = redirectTarget(model, r.target, r.topic);
      if (reached && reached.id === trigger.id) out.push(located(r));
    }
  }
  return out;
}

const renamable = new Set(["topic", "var", "bot", "env", "array"]);

/** The name under the cursor if it can be renamed (topics, variables, arrays; not `default`/`random`). */
export function renameTarget(model: BotModel, path: string, offset: number): Extract<Occurrence, { name: string }> | null {
  const o = occurrenceAt(model, path, offset);
  if (!o || o.kind === "redirect" || !renamable.has(o.kind)) return null;
  if (o.kind === "topic" && (o.name === "default" || o.name === "__begin__")) return null;
  // The span must be exactly the name (a nested or computed name falls back to the whole tag).
  if (o.span.end.offset - o.span.start.offset !== o.name.length) return null;
  return o;
}

/** Edits renaming the name under the cursor everywhere in the bot; null when it cannot be renamed or the new name is unusable. */
export function renameAt(model: BotModel, path: string, offset: number, newName: string): { edits: BotLocation[]; newName: string } | { error: string } | null {
  const o = renameTarget(model, path, offset);
  if (!o) return null;
  const valid = o.kind === "topic" ? /^[a-z0-9_][a-z0-9_-]*$/ : o.kind === "array" ? /^[a-z0-9_-]+$/ : /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
  if (!valid.test(newName)) return { error: `\`${newName}\` is not a valid ${o.kind === "var" ? "variable" : o.kind} name` };
  const edits = occurrencesOf(model, o.kind, o.name)
    .filter((x) => x.span.end.offset - x.span.start.offset === o.name.length)
    .map(located);
  return { edits, newName };
}

function located(o: Occurrence): BotLocation {
  return { path: o.span.file, span: o.span };
}

function triggerAtPattern(model: BotModel, path: string, offset: number) {
  const symbols = model.symbols.get(path);
  const t = symbols?.triggers.find((x) => x.patternSpan.start.offset - 2 <= offset && offset <= x.patternSpan.end.offset);
  if (!t) return null;
  return model.compiled.ir.triggers.find((x) => x.span.file === path && x.span.start.offset === t.span.start.offset) ?? null;
}
