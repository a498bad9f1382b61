/** @module What a published version is, from its IR: the hash that tells two publishes of one bot apart, each trigger's key and reply hash, and what changed between two versions. Pure. */
import { createHash } from "node:crypto";
import type { BotIR, Pattern, TriggerIR } from "../../compiler/ir/types.ts";
import type { NewVersion } from "../store/versions/types.ts";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Where things are written (spans) moves with every edit above them; it is not what the bot says. */
function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) if (key !== "span" && key !== "spans") out[key] = withoutSpans(inner);
  return out;
}

/** sha256 of the IR without its compiler stamp: the same bot compiled twice (or by another build of the same format) has the same hash. */
export function irHash(ir: BotIR): string {
  const { compiler: _compiler, ...rest } = ir;
  return sha256(JSON.stringify(rest));
}

/** A trigger's identity across versions: its topic, its text and its `%` line. */
export function triggerKey(trigger: TriggerIR): string {
  return [trigger.topic, trigger.text, trigger.previous === null ? "" : patternText(trigger.previous)].join("\t");
}

/** Each trigger's key → a hash of its reply (and weight), so a changed reply shows as a changed trigger. */
export function triggerSummary(ir: BotIR): Record<string, string> {
  const out: Record<string, string> = {};
  for (const trigger of ir.triggers) {
    out[triggerKey(trigger)] = sha256(JSON.stringify(withoutSpans({ reply: trigger.reply, weight: trigger.weight }))).slice(0, 16);
  }
  return out;
}

export interface TriggerChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

/** Triggers added, removed and changed from `before` to `after`, each shown as `topic: text` (with `% previous` when it has one). */
export function diffTriggers(before: Record<string, string> | null, after: Record<string, string>): TriggerChanges {
  const prior = before ?? {};
  const show = (key: string) => {
    const [topic, text, previous] = key.split("\t");
    return `${topic}: ${text}${previous ? ` (% ${previous})` : ""}`;
  };
  const keys = (o: Record<string, string>) => Object.keys(o).sort();
  return {
    added: keys(after)
      .filter((k) => !(k in prior))
      .map(show),
    removed: keys(prior)
      .filter((k) => !(k in after))
      .map(show),
    changed: keys(after)
      .filter((k) => k in prior && prior[k] !== after[k])
      .map(show),
  };
}

/** A `%` pattern as text: its literal words and wildcards (the IR keeps no source text for it). */
function patternText(pattern: Pattern): string {
  if (pattern.catchAll) return "*";
  return pattern.parts
    .map((part) => {
      switch (part.type) {
        case "literal":
          return part.text;
        case "wildcard":
          return part.kind === "any" ? "*" : part.kind === "number" ? "#" : "_";
        default:
          return "…";
      }
    })
    .join(" ");
}

/** What `publish` stores for this IR. */
export function newVersionOf(ir: BotIR, by: string, message: string | null): NewVersion {
  return {
    ir: JSON.stringify(ir),
    irVersion: ir.irVersion,
    compiler: `${ir.compiler.name} ${ir.compiler.version}`,
    sourceHash: ir.sources.sha256,
    irHash: irHash(ir),
    triggers: triggerSummary(ir),
    by,
    message,
  };
}
