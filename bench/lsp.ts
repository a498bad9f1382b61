/**
 * @module Benchmark: the language server on a 10,000-trigger file, spoken to over stdio like an editor.
 * Measures the diagnostics round trip after an edit (didChange → publishDiagnostics, debounce included)
 * and hover / definition / completion latency, with in-process compile + lint of the same text as the
 * baseline. Options (env): TRIGGERS (10000), RUNS (7), REQUESTS (30).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { compile } from "../compiler/index.ts";
import { lint } from "../compiler/lint/index.ts";
import { startLsp } from "../test/editor/lsp-client.ts";

const TRIGGERS = Number(process.env.TRIGGERS ?? 10_000);
const RUNS = Number(process.env.RUNS ?? 7);
const REQUESTS = Number(process.env.REQUESTS ?? 30);

/** Exactly `n` triggers with the variety a real bot has: wildcards, alternatives, variables, topics, redirects, delays. */
function generate(n: number): string {
  const lines: string[] = ["! version = 2.0", "! var name = Dexter", "! array colors = red green blue", ""];
  const topics = 20;
  let written = 0;
  for (let i = 0; written < n - 1 - topics; i++, written++) {
    switch (i % 6) {
      case 0:
        lines.push(`+ question number ${i}`, `- Answer ${i}: {random}yes|no|maybe later{/random}`);
        break;
      case 1:
        lines.push(`+ my item ${i} is *`, `- <set item${i % 50}=<star>>Saved <star> for <bot name>.<send>Anything else?`);
        break;
      case 2:
        lines.push(`+ (show|tell) me ${i} [please]`, `- Item ${i} is <get item${(i - 1) % 50}>. <delay seconds=1> More text.`);
        break;
      case 3:
        lines.push(`+ go to ${i}`, `- Going. {topic=t${i % topics}}`);
        break;
      case 4:
        // One trigger in 50 redirects: each redirect is matched against the whole bot by the lint rules.
        lines.push(`+ i like (@colors) ${i}`, i % 50 === 4 ? `@ question number ${i - 4}` : `- Me too, ${i}.`);
        break;
      default:
        lines.push(`+ pic ${i} #`, `* <star> > 5 => Big ${i} ^image(https://cdn.example.com/${i}.png)`, `- Small ${i}`);
    }
    lines.push("");
  }
  for (let t = 0; t < topics; t++) lines.push(`> topic t${t}`, "+ *", `- In topic ${t} {topic=default}`, "< topic", "");
  lines.push("+ *", "- Sorry, I did not get that.");
  return `${lines.join("\n")}\n`;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? NaN;

const text = generate(TRIGGERS);
const dir = mkdtempSync(join(tmpdir(), "bench-lsp-"));
writeFileSync(join(dir, "big.bot"), text);
const uri = pathToFileURL(join(dir, "big.bot")).href;
const sources = [{ path: "big.bot", text }];
const triggerCount = compile(sources).ir.triggers.length;

// Baseline: what one full recompile costs in-process, without the server.
const baseline: number[] = [];
const compileOnly: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const start = performance.now();
  const { ir } = compile(sources);
  compileOnly.push(performance.now() - start);
  lint(ir, { sources });
  baseline.push(performance.now() - start);
}

const lsp = await startLsp(dir, {});
let version = 1;
const openStart = performance.now();
await lsp.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "bot", version: version++, text } });
const opened = await lsp.diagnostics(uri);
await lsp.diagnostics(uri, (p) => p !== opened, lsp.published.indexOf(opened) + 1);
const openMs = performance.now() - openStart;

// An edit in the middle of the file that breaks a trigger (uppercase, BOT013), then the edit that fixes it.
const lineNo = text.split("\n").findIndex((l) => l.startsWith(`+ question number ${6 * Math.floor(TRIGGERS / 12)}`));
const change = (replacement: string) => ({
  textDocument: { uri, version: version++ },
  contentChanges: [{ range: { start: { line: lineNo, character: 2 }, end: { line: lineNo, character: 3 } }, text: replacement }],
});
const roundTrips: number[] = [];
const withLint: number[] = [];
for (let i = 0; i < RUNS; i++) {
  for (const [replacement, wantError] of [
    ["Q", true],
    ["q", false],
  ] as const) {
    const since = lsp.published.length;
    const start = performance.now();
    await lsp.connection.sendNotification("textDocument/didChange", change(replacement));
    const compiled = await lsp.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === "BOT013") === wantError, since);
    roundTrips.push(performance.now() - start);
    // The second publish of the same change carries the lint findings too.
    await lsp.diagnostics(uri, (p) => p !== compiled, lsp.published.indexOf(compiled) + 1);
    withLint.push(performance.now() - start);
  }
}

const lines = text.split("\n");
const find = (needle: string, delta: number) => {
  const line = lines.findIndex((l) => l.includes(needle));
  return { line, character: lines[line]!.indexOf(needle) + delta };
};
const requests: [string, string, Record<string, unknown>][] = [
  ["hover on <delay", "textDocument/hover", { position: find("<delay", 2) }],
  ["hover on a trigger (sort position)", "textDocument/hover", { position: find(`+ question number ${6 * Math.floor(TRIGGERS / 20)}`, 3) }],
  ["definition {topic=t3} → > topic t3", "textDocument/definition", { position: find("{topic=t3}", 8) }],
  ["definition @ redirect → its trigger", "textDocument/definition", { position: find("@ question number", 3) }],
  ["completion after <", "textDocument/completion", { position: find("<get item", 1) }],
  ["completion in {topic=", "textDocument/completion", { position: find("{topic=t3}", 7) }],
];
const latency: [string, number[]][] = [];
for (const [name, method, params] of requests) {
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const start = performance.now();
    const result = await lsp.connection.sendRequest(method, { textDocument: { uri }, ...params });
    times.push(performance.now() - start);
    if (result === null || (Array.isArray(result) && result.length === 0)) throw new Error(`${name}: empty result`);
  }
  latency.push([name, times]);
}
await lsp.close();

console.log(
  `bot lsp --stdio on a generated file: ${triggerCount} triggers, ${lines.length.toLocaleString("en-US")} lines, ${text.length.toLocaleString("en-US")} characters; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} on ${cpus().length} cores`,
);
console.log("| step | median ms | p95 ms | max ms | target |");
console.log("|---|---:|---:|---:|---|");
const row = (name: string, xs: number[], target: string) =>
  console.log(`| ${name} | ${median(xs).toFixed(0)} | ${p95(xs).toFixed(0)} | ${Math.max(...xs).toFixed(0)} | ${target} |`);
row("baseline: compile in-process, no server", compileOnly, "");
row("baseline: compile + lint in-process, no server", baseline, "");
row("didOpen → diagnostics with lint", [openMs], "");
row("didChange → compiler diagnostics (150 ms debounce included)", roundTrips, "≤ 1500");
row("didChange → diagnostics with lint findings", withLint, "");
for (const [name, xs] of latency) row(name, xs, "< 100");
