/**
 * @module SMS010's fix: a rewrite of a trigger that keeps it but stops it matching the keywords Twilio handles
 * itself. Two moves, tried in order and checked by compiling the result: leave the keywords out of `( | )`
 * and `[ | ]` groups, then require an optional group whose absence lets a bare keyword through
 * (`[my name is|i am] *` → `(my name is|i am) *`), renumbering the `<star>` tags the new capture shifts.
 */
import type { DiagnosticFix, Span } from "../diagnostics/types.ts";
import { createReporter } from "../diagnostics/report.ts";
import { parsePattern } from "../1-parse/pattern.ts";
import { createLineIndex, sourceText } from "../1-parse/source.ts";
import { emitPattern } from "../3-emit/pattern.ts";
import type { BotIR, Pattern, TriggerIR } from "../ir/types.ts";
import { captureCount, normalizeMessage, patternMatches } from "./patterns.ts";
import { triggerTemplates, walkTemplate } from "./walk.ts";

/** A bracket group of a pattern's text: `[start, end)` includes the brackets; options are the text between `|`s. */
interface Group {
  kind: "(" | "[";
  start: number;
  end: number;
  options: { start: number; end: number }[];
  depth: number;
}

/** Every bracket group of `text`, outermost first; `<…>` tags and `{…}` are skipped. Null when brackets do not balance. */
function groupsOf(text: string): Group[] | null {
  const groups: Group[] = [];
  const open: { group: Group; from: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "<" || c === "{") {
      const close = text.indexOf(c === "<" ? ">" : "}", i);
      if (close === -1) return null;
      i = close;
      continue;
    }
    if (c === "(" || c === "[") {
      const group: Group = { kind: c, start: i, end: -1, options: [], depth: open.length };
      groups.push(group);
      open.push({ group, from: i + 1 });
    } else if (c === "|" && open.length > 0) {
      const top = open[open.length - 1]!;
      top.group.options.push({ start: top.from, end: i });
      top.from = i + 1;
    } else if (c === ")" || c === "]") {
      const top = open.pop();
      if (!top || (c === ")") !== (top.group.kind === "(")) return null;
      top.group.options.push({ start: top.from, end: i });
      top.group.end = i + 1;
    }
  }
  return open.length === 0 ? groups : null;
}

/** The IR pattern `text` compiles to, or null when it does not compile cleanly. */
function compilePattern(text: string): Pattern | null {
  const report = createReporter([]);
  const index = createLineIndex("fix", text);
  const node = parsePattern(sourceText(index, text, 0), report);
  return report.diagnostics.some((d) => d.severity === "error") ? null : emitPattern(node);
}

/** The reserved keywords `text` (a pattern) matches, or null when it does not compile. */
function matchedKeywords(text: string, keywords: readonly string[], ir: BotIR): string[] | null {
  const pattern = compilePattern(text);
  return pattern === null ? null : keywords.filter((k) => patternMatches(pattern, k.toLowerCase(), ir));
}

/** `text` without the options that are exactly one of `keywords`, in groups that keep at least one option. */
function withoutKeywordOptions(text: string, keywords: readonly string[]): string {
  const words = new Set(keywords.map((k) => k.toLowerCase()));
  // One group at a time, re-reading the groups after each cut, so nested groups keep valid offsets.
  for (;;) {
    const groups = groupsOf(text);
    if (groups === null) return text;
    const cut = groups
      .map((group) => ({ group, keep: group.options.filter((o) => !words.has(normalizeMessage(text.slice(o.start, o.end)))) }))
      .find(({ group, keep }) => keep.length > 0 && keep.length < group.options.length);
    if (!cut) return text;
    const inside = cut.keep.map((o) => text.slice(o.start, o.end).trim()).join("|");
    text = text.slice(0, cut.group.start + 1) + inside + text.slice(cut.group.end - 1);
  }
}

export interface KeywordFix {
  fix: DiagnosticFix;
  /** What the trigger looks like after the fix. */
  pattern: string;
}

/**
 * A fix for `trigger` that keeps it but stops it matching `keywords`, or null when no such rewrite exists
 * (`+ stop` is only the keyword). `source` is the text of the trigger's file.
 */
export function keywordFix(trigger: TriggerIR, keywords: readonly string[], ir: BotIR, source: string | undefined): KeywordFix | null {
  if (source === undefined) return null;
  const span = trigger.pattern.span;
  const written = source.slice(span.start.offset, span.end.offset);
  if (written.includes("\n") || written.includes("\r")) return null;

  const excluded = withoutKeywordOptions(written, keywords);
  const left = excluded === written ? keywords : matchedKeywords(excluded, keywords, ir);
  if (left === null) return null;
  if (left.length === 0) {
    return { pattern: excluded, fix: { title: `Leave ${quoted(keywords)} out of the trigger`, edits: [replace(span, excluded)] } };
  }

  // Require the top-level optional groups one at a time, then all of them, until no keyword matches.
  const optionals = (groupsOf(excluded) ?? []).filter((g) => g.kind === "[" && g.depth === 0);
  const tries = [...optionals.map((g) => [g]), ...(optionals.length > 1 ? [optionals] : [])];
  for (const groups of tries) {
    const narrowed = requireGroups(excluded, groups, keywords, trigger, ir, source);
    if (narrowed === null) continue;
    const title =
      groups.length === 1
        ? `Require ${excluded.slice(groups[0]!.start, groups[0]!.end)} so a bare keyword does not match`
        : "Require the [ ] groups so a bare keyword does not match";
    return { pattern: narrowed.pattern, fix: { title, edits: [replace(span, narrowed.pattern), ...narrowed.starEdits] } };
  }
  return null;
}

/** `text` with `groups` (top-level `[ ]`) made required, and the `<star>` edits for the captures that adds; null when keywords still match. */
function requireGroups(
  text: string,
  groups: readonly Group[],
  keywords: readonly string[],
  trigger: TriggerIR,
  ir: BotIR,
  source: string,
): { pattern: string; starEdits: DiagnosticFix["edits"] } | null {
  let pattern = text;
  // Each required group adds captures at its position: [(capture index before it, captures added)].
  const shifts: [number, number][] = [];
  for (const group of [...groups].sort((a, b) => b.start - a.start)) {
    const inner = pattern.slice(group.start + 1, group.end - 1);
    const replacement = group.options.length === 1 ? inner : `(${inner})`;
    const prefix = pattern.slice(0, group.start).trim();
    const before = prefix === "" ? null : compilePattern(prefix);
    const alone = compilePattern(replacement);
    if ((prefix !== "" && before === null) || alone === null) return null;
    shifts.push([before === null ? 0 : captureCount(before), captureCount(alone)]);
    pattern = pattern.slice(0, group.start) + replacement + pattern.slice(group.end);
  }
  const left = matchedKeywords(pattern, keywords, ir);
  if (left === null || left.length > 0) return null;

  const starEdits: DiagnosticFix["edits"] = [];
  for (const template of triggerTemplates(trigger)) {
    walkTemplate(template, (part) => {
      if (part.type !== "star" || part.source !== "user" || !part.span) return;
      const shift = shifts.reduce((n, [at, added]) => (part.index > at ? n + added : n), 0);
      if (shift === 0) return;
      const written = source.slice(part.span.start.offset, part.span.end.offset);
      if (!/^<star\d*>$/i.test(written)) return;
      starEdits.push({ start: part.span.start, end: part.span.end, text: `<star${part.index + shift}>` });
    });
  }
  return { pattern, starEdits };
}

function replace(span: Span, text: string): DiagnosticFix["edits"][number] {
  return { start: span.start, end: span.end, text };
}

function quoted(keywords: readonly string[]): string {
  const list = keywords.map((k) => `"${k.toLowerCase()}"`);
  return list.length <= 1 ? (list[0] ?? "") : `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}`;
}
