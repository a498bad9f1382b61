/** @module Test reports: a readable one for terminals (✓/✗ and a diff per failure) and JUnit XML for CI. */
import { inertText } from "../../../compiler/diagnostics/inert-text.ts";
import type { CaseResult } from "./run.ts";
import type { TranscriptError } from "./types.ts";

export interface FileResult {
  file: string;
  /** The transcript itself is invalid (exit code 2). */
  errors: TranscriptError[];
  /** The bot under test did not compile: formatted diagnostics. */
  botErrors: string[];
  cases: CaseResult[];
}

export interface Summary {
  passed: number;
  failed: number;
  invalid: number;
}

export function summarize(results: FileResult[]): Summary {
  let passed = 0;
  let failed = 0;
  let invalid = 0;
  for (const r of results) {
    if (r.errors.length) invalid++;
    if (r.botErrors.length) failed++;
    for (const c of r.cases) {
      if (c.passed) passed++;
      else failed++;
    }
  }
  return { passed, failed, invalid };
}

/** 2 when a transcript is invalid, 1 when a case failed or a bot did not compile, else 0. */
export function exitCodeOf(results: FileResult[]): 0 | 1 | 2 {
  const s = summarize(results);
  return s.invalid > 0 ? 2 : s.failed > 0 ? 1 : 0;
}

export function formatSpec(results: FileResult[], { color = false } = {}): string {
  const paint = (code: number) => (s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const green = paint(32);
  const red = paint(31);
  const dim = paint(2);
  const lines: string[] = [];
  // Names, steps and bodies come from transcripts and the bot's replies: shown inert (control characters escaped,
  // before the colours are added), so a reply cannot drive the terminal.
  const t = inertText;
  for (const r of results) {
    lines.push(t(r.file));
    for (const e of r.errors) lines.push(red(`  ${t(e.file)}:${e.line}:${e.column}: ${t(e.message)}`));
    if (r.botErrors.length) {
      lines.push(red("  ✗ the bot does not compile:"));
      for (const d of r.botErrors)
        lines.push(
          ...t(d)
            .split("\n")
            .map((l) => `      ${l}`),
        );
    }
    for (const c of r.cases) {
      const time = dim(` (${Math.round(c.durationMs)} ms)`);
      lines.push(c.passed ? `  ${green("✓")} ${t(c.name)}${time}` : `  ${red("✗")} ${t(c.name)}${time}`);
      if (c.failure) {
        lines.push(`      ${t(r.file)}:${c.failure.line}  ${t(c.failure.step)}`);
        for (const detail of c.failure.details) {
          const d = t(detail);
          const painted = d.startsWith("  - ") ? green(d) : d.startsWith("  + ") ? red(d) : d;
          lines.push(`        ${painted}`);
        }
      }
      for (const n of c.notes) lines.push(dim(`      note: ${t(n)}`));
    }
  }
  const s = summarize(results);
  const parts = [`${s.passed} passed`];
  if (s.failed) parts.push(red(`${s.failed} failed`));
  if (s.invalid) parts.push(red(`${s.invalid} invalid transcript${s.invalid === 1 ? "" : "s"}`));
  lines.push("", `${parts.join(", ")} (${results.length} file${results.length === 1 ? "" : "s"})`);
  return lines.join("\n") + "\n";
}

export function formatJunit(results: FileResult[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const s = summarize(results);
  const total = results.reduce((n, r) => n + r.cases.length + (r.errors.length || r.botErrors.length ? 1 : 0), 0);
  out.push(`<testsuites name="bot test" tests="${total}" failures="${s.failed}" errors="${s.invalid}">`);
  for (const r of results) {
    const failures = r.cases.filter((c) => !c.passed).length + (r.botErrors.length ? 1 : 0);
    const tests = r.cases.length + (r.errors.length || r.botErrors.length ? 1 : 0);
    const time = seconds(r.cases.reduce((t, c) => t + c.durationMs, 0));
    out.push(`  <testsuite name="${xml(r.file)}" tests="${tests}" failures="${failures}" errors="${r.errors.length ? 1 : 0}" time="${time}">`);
    if (r.errors.length) {
      const text = r.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`).join("\n");
      out.push(`    <testcase name="transcript is valid" classname="${xml(r.file)}">`);
      out.push(`      <error message="invalid transcript">${xml(text)}</error>`, "    </testcase>");
    }
    if (r.botErrors.length) {
      out.push(`    <testcase name="bot compiles" classname="${xml(r.file)}">`);
      out.push(`      <failure message="the bot does not compile">${xml(r.botErrors.join("\n"))}</failure>`, "    </testcase>");
    }
    for (const c of r.cases) {
      out.push(`    <testcase name="${xml(c.name)}" classname="${xml(r.file)}" time="${seconds(c.durationMs)}">`);
      if (c.failure) {
        const body = [`${r.file}:${c.failure.line}  ${c.failure.step}`, ...c.failure.details].join("\n");
        out.push(`      <failure message="${xml(c.failure.details[0] ?? "failed")}">${xml(body)}</failure>`);
      }
      if (c.notes.length) out.push(`      <system-out>${xml(c.notes.join("\n"))}</system-out>`);
      out.push("    </testcase>");
    }
    out.push("  </testsuite>");
  }
  out.push("</testsuites>");
  return out.join("\n") + "\n";
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function xml(s: string): string {
  return (
    s
      // XML 1.0 cannot carry most control characters, even escaped.
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
  );
}
