/**
 * @module Transcript coverage: which triggers and reply branches the transcript tests exercised, by place in the
 * `.bot` files. A trigger's branches are its conditions (each), its `-` replies (random choices counted as one)
 * and its redirect. Several transcripts of one bot, each compiling it anew, add up by source location.
 */
import path from "node:path";
import type { BotIR, TriggerIR } from "../../../compiler/ir/types.ts";
import type { TriggerHit } from "../../../engine/types.ts";

/** One branch of a trigger's reply, with the `.bot` lines that build it. */
export interface BranchItem {
  kind: "condition" | "replies" | "redirect";
  /** The lines of this branch (a condition's line; every `-` line of the random set; the trigger's line for a redirect). */
  lines: number[];
  hits: number;
}

export interface TriggerItem {
  /** The trigger as written, for the LCOV function name and reports. */
  text: string;
  topic: string;
  line: number;
  hits: number;
  branches: BranchItem[];
}

/** Coverage of one `.bot` file: its triggers by line. */
export interface FileCoverage {
  /** Absolute path. */
  file: string;
  triggers: Map<string, TriggerItem>;
}

export interface Coverage {
  /** Registers a loaded bot's triggers (again for each transcript: the same places are counted once); returns what to give `hit`. */
  addBot(ir: BotIR, root: string): BotCoverage;
  files(): FileCoverage[];
}

export interface BotCoverage {
  /** One step's triggers and branches, from the engine's step result. */
  hit(path: readonly TriggerHit[]): void;
}

export function createCoverage(): Coverage {
  const files = new Map<string, FileCoverage>();

  function itemOf(trigger: TriggerIR, root: string): TriggerItem | null {
    // Inline transcript scripts (`<transcript>#script`) are not `.bot` files of the project.
    if (trigger.span.file.includes("#")) return null;
    const file = path.resolve(root, trigger.span.file);
    let coverage = files.get(file);
    if (coverage === undefined) files.set(file, (coverage = { file, triggers: new Map() }));
    const key = `${trigger.span.start.line}:${trigger.span.start.column}`;
    let item = coverage.triggers.get(key);
    if (item === undefined) {
      item = { text: trigger.text, topic: trigger.topic, line: trigger.span.start.line, hits: 0, branches: branchesOf(trigger) };
      coverage.triggers.set(key, item);
    }
    return item;
  }

  return {
    addBot(ir, root) {
      const items = ir.triggers.map((trigger) => itemOf(trigger, root));
      return {
        hit(path) {
          for (const { triggerId, branch } of path) {
            const item = items[triggerId];
            if (item == null) continue;
            item.hits++;
            const trigger = ir.triggers[triggerId]!;
            const index = branchIndex(trigger, branch);
            if (index !== null) item.branches[index]!.hits++;
          }
        },
      };
    },
    files: () => [...files.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
  };
}

/** Conditions first (in order), then the `-` replies, then the redirect: the order `branchIndex` counts in. */
function branchesOf(trigger: TriggerIR): BranchItem[] {
  const reply = trigger.reply;
  const branches: BranchItem[] = reply.conditions.map((c) => ({ kind: "condition" as const, lines: [c.span.start.line], hits: 0 }));
  if (reply.replies.length > 0) branches.push({ kind: "replies", lines: [...new Set(reply.replies.map((r) => r.span.start.line))], hits: 0 });
  if (reply.redirect !== null) branches.push({ kind: "redirect", lines: [trigger.span.start.line], hits: 0 });
  return branches;
}

function branchIndex(trigger: TriggerIR, branch: TriggerHit["branch"]): number | null {
  const conditions = trigger.reply.conditions.length;
  const replies = trigger.reply.replies.length > 0 ? 1 : 0;
  switch (branch.type) {
    case "condition":
      return branch.index < conditions ? branch.index : null;
    case "replies":
      return replies === 1 ? conditions : null;
    case "redirect":
      return trigger.reply.redirect !== null ? conditions + replies : null;
    case "empty":
      return null;
    default: {
      const _exhaustive: never = branch;
      return _exhaustive;
    }
  }
}
