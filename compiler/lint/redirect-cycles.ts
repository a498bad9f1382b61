/** @module Reporting redirect loops (BOT205, BOT210): each cycle once, at its first trigger's redirect, with the full path. */
import type { BotIR, TriggerIR } from "../ir/types.ts";
import type { RuleContext } from "./types.ts";
import { analyseRedirects, loopingRedirect, redirectCycles, type Redirect } from "./redirects.ts";
import { findLine } from "./locate.ts";

export function reportCycles(ctx: RuleContext<"main", unknown>, ir: BotIR, take: (cycle: TriggerIR[]) => boolean): void {
  const analysis = analyseRedirects(ir);
  for (const cycle of redirectCycles(ir, analysis)) {
    if (!take(cycle)) continue;
    const first = cycle[0]!;
    const steps = cycle.slice(0, -1).map((t) => {
      const branch = analysis.branches.get(t.id)?.[0];
      return { trigger: t, redirect: branch ? loopingRedirect(analysis, branch) : undefined };
    });
    const path = [describe(first, undefined), ...steps.map((s) => describe(s.redirect?.target.trigger ?? first, s.redirect))].join(" → ");
    const span = steps[0]?.redirect?.span ?? findLine(/^\s*@/, first.span, ctx.env.sources) ?? first.span;
    ctx.report({ span, messageId: "main", data: { cycle: path } });
  }
}

/** `"trigger"`, its topic when not `default`, and the redirect text that led to it when the text differs. */
function describe(trigger: TriggerIR, via: Redirect | undefined): string {
  const topic = trigger.topic === "default" ? "" : ` in topic ${trigger.topic}`;
  const how = via && via.text !== trigger.text ? ` (for "${via.text}")` : "";
  return `"${trigger.text}"${topic}${how}`;
}
