/** @module Benchmark: `bot lint` on a generated 10,000-trigger bot (compile + lint, and lint alone); prints a table of medians. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { compile } from "../compiler/index.ts";
import { lint } from "../compiler/lint/index.ts";
import { runLint } from "../bin/commands/lint.ts";

const TRIGGERS = Number(process.env.TRIGGERS ?? 10_000);
const RUNS = Number(process.env.RUNS ?? 5);

/** A bot with the variety lint walks: wildcards, alternatives, random, sends, delays, variables, topics. */
function generate(n: number): string {
  const lines: string[] = ["! version = 2.0", "! var name = Dexter", ""];
  for (let i = 0; i < n; i++) {
    switch (i % 5) {
      case 0:
        lines.push(`+ question number ${i}`, `- Answer ${i}: {random}yes|no|maybe later, ${"really ".repeat(i % 7)}{/random}`);
        break;
      case 1:
        lines.push(`+ my item ${i} is *`, `- <set item${i}=<star>>Saved <star> for <bot name>.<send>Anything else?`);
        break;
      case 2:
        lines.push(`+ (show|tell) me ${i} [please]`, `- Item ${i} is <get item${i - 1}>. <delay seconds=1> ${"More text. ".repeat(i % 20)}`);
        break;
      case 3:
        lines.push(`+ go to ${i}`, `- Going. {topic=t${i}}`, `> topic t${i}`, `+ *`, `- In topic ${i} {topic=default}`, `< topic`);
        break;
      default:
        lines.push(`+ pic ${i} #`, `* <star> > 5 => Big ${i} ^image(https://cdn.example.com/${i}.png)`, `- Small ${i}`);
    }
    lines.push("");
  }
  lines.push("+ *", "- Sorry, I did not get that.");
  return `${lines.join("\n")}\n`;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

const text = generate(TRIGGERS);
const dir = mkdtempSync(join(tmpdir(), "bench-lint-"));
writeFileSync(join(dir, "big.bot"), text);
const sources = [{ path: "big.bot", text }];
const { ir } = compile(sources);

const compileMs: number[] = [];
const lintMs: number[] = [];
const cliMs: number[] = [];
let findings = 0;
for (let i = 0; i < RUNS; i++) {
  compileMs.push(time(() => compile(sources)));
  lintMs.push(time(() => (findings = lint(ir, { sources }).length)));
  const start = performance.now();
  await runLint(
    dir,
    { format: "json" },
    () => {},
    () => {},
  );
  cliMs.push(performance.now() - start);
}

console.log(
  `bot lint on a generated bot: ${ir.triggers.length} triggers, ${text.length.toLocaleString("en-US")} characters, ${findings} findings; ${RUNS} runs`,
);
console.log("| step | median ms | min ms | max ms |");
console.log("|---|---:|---:|---:|");
for (const [name, xs] of [
  ["compile", compileMs],
  ["lint (rules only)", lintMs],
  ["bot lint (read + compile + lint + json)", cliMs],
] as const) {
  console.log(`| ${name} | ${median(xs).toFixed(0)} | ${Math.min(...xs).toFixed(0)} | ${Math.max(...xs).toFixed(0)} |`);
}
