/**
 * @module Benchmark: `bot lint` on a generated 10,000-trigger bot (compile + lint, and lint alone); prints a table of medians.
 * Then the redirect-heavy bot (a redirect every six triggers, some of them to a typo that only the catch-all matches,
 * so BOT215 and its "did you mean" run): lint against compile in the same run, which must stay within 2×.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { compile } from "../compiler/index.ts";
import { lint, rules } from "../compiler/lint/index.ts";
import { runLint } from "../bin/commands/lint.ts";

const TRIGGERS = Number(process.env.TRIGGERS ?? 10_000);
const RUNS = Number(process.env.RUNS ?? 5);

/** A bot with the variety lint walks: wildcards, alternatives, random, sends, delays, variables, topics. */
function generate(n: number): string {
  const lines: string[] = ["! version = 2.0", "! var name = Dexter", ""];
  for (let i = 0; i < n; i++) lines.push(...variety(i), "");
  lines.push("+ *", "- Sorry, I did not get that.");
  return `${lines.join("\n")}\n`;
}

/** Trigger number `i` of the generated bot: wildcards, alternatives, random, sends, delays, variables, topics. */
function variety(i: number): string[] {
  switch (i % 5) {
    case 0:
      return [`+ question number ${i}`, `- Answer ${i}: {random}yes|no|maybe later, ${"really ".repeat(i % 7)}{/random}`];
    case 1:
      return [`+ my item ${i} is *`, `- <set item${i}=<star>>Saved <star> for <bot name>.<send>Anything else?`];
    case 2:
      return [`+ (show|tell) me ${i} [please]`, `- Item ${i} is <get item${i - 1}>. <delay seconds=1> ${"More text. ".repeat(i % 20)}`];
    case 3:
      return [`+ go to ${i}`, `- Going. {topic=t${i}}`, `> topic t${i}`, `+ *`, `- In topic ${i} {topic=default}`, `< topic`];
    default:
      return [`+ pic ${i} #`, `* <star> > 5 => Big ${i} ^image(https://cdn.example.com/${i}.png)`, `- Small ${i}`];
  }
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

/**
 * The generated bot above with every sixth trigger a redirect to an earlier `+ question number N`; one redirect
 * in four has a typo ("numbr") that only the catch-all matches (BOT215, with its "did you mean").
 */
function generateRedirectHeavy(n: number): string {
  const lines: string[] = ["! version = 2.0", "! var name = Dexter", ""];
  for (let i = 0; i < n; i++) {
    // Multiples of 30 are `+ question number N` (i % 5 === 0) and never a redirect themselves (i % 6 === 0).
    const target = Math.floor(i / 30) * 30;
    if (i % 6 === 5) lines.push(`+ ask about ${i}`, i % 24 === 5 ? `@ question numbr ${target}` : `@ question number ${target}`);
    else lines.push(...variety(i));
    lines.push("");
  }
  lines.push("+ *", "- Sorry, I did not get that.");
  return `${lines.join("\n")}\n`;
}

const heavyText = generateRedirectHeavy(TRIGGERS);
const heavySources = [{ path: "redirects.bot", text: heavyText }];
const heavyCompile: number[] = [];
const heavyLint: number[] = [];
// The same run without BOT215: what the redirect-heavy bot costs the other rules, the baseline the new rule adds to.
const heavyLintBefore: number[] = [];
const withoutCatchAll = Object.entries(rules)
  .filter(([name]) => name !== "redirect-catch-all")
  .map(([, rule]) => rule);
let heavyFindings: string[] = [];
for (let i = 0; i < RUNS; i++) {
  heavyCompile.push(time(() => compile(heavySources)));
  // A fresh IR each run, so nothing cached on the last one (redirect analysis, the nearest-trigger index) is reused.
  const fresh = compile(heavySources).ir;
  heavyLint.push(time(() => (heavyFindings = lint(fresh, { sources: heavySources }).map((d) => d.code))));
  const before = compile(heavySources).ir;
  heavyLintBefore.push(time(() => lint(before, { sources: heavySources, only: withoutCatchAll })));
}
const ratio = median(heavyLint) / median(heavyCompile);
console.log("");
console.log(
  `redirect-heavy bot: ${TRIGGERS} triggers, a redirect every six (${heavyFindings.filter((c) => c === "BOT215").length} reach only the catch-all: BOT215); ${RUNS} runs`,
);
console.log("| step | median ms | min ms | max ms |");
console.log("|---|---:|---:|---:|");
for (const [name, xs] of [
  ["compile", heavyCompile],
  ["lint (rules only)", heavyLint],
  ["lint without BOT215 (baseline)", heavyLintBefore],
] as const) {
  console.log(`| ${name} | ${median(xs).toFixed(0)} | ${Math.min(...xs).toFixed(0)} | ${Math.max(...xs).toFixed(0)} |`);
}
console.log(
  `lint / compile: ${ratio.toFixed(2)}× (budget 2×: ${ratio <= 2 ? "within" : "OVER"}); without BOT215 ${(median(heavyLintBefore) / median(heavyCompile)).toFixed(2)}×`,
);
