/** @module Runs one transcript test case against a compiled bot on the local runtime, step by step. */
import type { HandoffConfig } from "../../../config/handoff-schema.ts";
import type { BotIR } from "../../../compiler/ir/types.ts";
import { createLocalRuntime, type Delivered, type LogEntry } from "../index.ts";
import { describeKeywordAction, type HelpMode, type KeywordAction } from "../../../sms/keywords/index.ts";
import { createCannedFetcher } from "./canned-http.ts";
import { compareMessages } from "./expect.ts";
import type { Step, TestCase } from "./types.ts";
import type { StepResult } from "../../../engine/types.ts";

export interface CaseResult {
  name: string;
  line: number;
  passed: boolean;
  /** The first failing step (later steps depend on it, so the case stops there). */
  failure: StepFailure | null;
  /** Things worth knowing even when the case passed: HTTP calls with no canned answer, runtime warnings. */
  notes: string[];
  durationMs: number;
}

export interface StepFailure {
  line: number;
  /** The step as written, shortened: `say: "hi"`, `advance: 3000 ms`. */
  step: string;
  details: string[];
}

export async function runTestCase(
  ir: BotIR,
  root: string,
  test: TestCase,
  options: { help?: HelpMode; onStep?: (result: StepResult) => void; handoff?: HandoffConfig } = {},
): Promise<CaseResult> {
  const started = performance.now();
  const fetcher = createCannedFetcher(test.http);
  const logs: LogEntry[] = [];
  const runtime = createLocalRuntime({
    ir,
    root,
    seed: test.seed,
    startTime: test.now,
    fetcher,
    help: options.help ?? "twilio",
    onLog: (e) => logs.push(e),
    ...(options.onStep && { onStep: options.onStep }),
    ...(options.handoff && { handoff: options.handoff }),
  });
  let failure: StepFailure | null = null;
  let last: Delivered[] | null = null;

  for (const step of test.steps) {
    if (step.set) runtime.setUserVars(step.user, step.set);
    let produced: Delivered[] | null = null;
    let keyword: KeywordAction | null = null;
    if (step.action?.type === "say") {
      const turn = await runtime.receive({ from: step.user, body: step.action.text, media: step.action.media });
      produced = turn.delivered;
      keyword = turn.keyword;
    } else if (step.action?.type === "advance") {
      produced = await runtime.advance(step.action.ms);
    } else if (step.action?.type === "agent" || step.action?.type === "close") {
      const done =
        step.action.type === "agent"
          ? await runtime.agent(step.user, step.action.text)
          : await runtime.closeHandoff(step.user, step.action.topic, step.action.message);
      if ("ok" in done) {
        failure = { line: step.line, step: summarize(step), details: [`${step.action.type}: refused: ${done.reason}`] };
        break;
      }
      produced = Array.isArray(done) ? done : [done];
    }
    if (produced) last = produced;
    const details = check(step, produced ?? last, runtime);
    if (details) {
      // Why the bot was silent, when the keyword layer answered instead of it.
      const handled = keyword && describeKeywordAction(keyword);
      failure = { line: step.line, step: summarize(step), details: handled ? [...details, `note: ${handled}`] : details };
      break;
    }
  }

  const notes = [
    ...fetcher.misses.map((m) => `no canned HTTP response for ${m}: the bot saw status 0`),
    ...logs.filter((l) => l.level !== "info").map((l) => `${l.level} ${l.code}: ${l.message}`),
  ];
  return { name: test.name, line: test.line, passed: failure === null, failure, notes: [...new Set(notes)], durationMs: performance.now() - started };
}

function check(step: Step, messages: Delivered[] | null, runtime: ReturnType<typeof createLocalRuntime>): string[] | null {
  const details: string[] = [];
  if (step.expect) {
    if (messages === null) details.push("expect: there is no earlier say or advance step whose messages it could check");
    else details.push(...(compareMessages(step.expect, messages) ?? []));
  }
  const session = runtime.session(step.user);
  if (step.vars) {
    for (const [name, want] of Object.entries(step.vars)) {
      const got = session?.vars[name];
      if ((got ?? null) !== want) {
        details.push(`variable ${name}: expected ${want === null ? "unset" : JSON.stringify(want)}, got ${got === undefined ? "unset" : JSON.stringify(got)}`);
      }
    }
  }
  if (step.topic !== null) {
    const topic = session?.topic ?? "default";
    // `random` is the same topic as `default` (docs/language.md).
    const same = (a: string) => (a === "random" ? "default" : a);
    if (same(topic) !== same(step.topic)) details.push(`topic: expected ${JSON.stringify(step.topic)}, got ${JSON.stringify(topic)}`);
  }
  if (step.optedOut !== null && runtime.optedOut(step.user) !== step.optedOut) {
    details.push(`optedOut: expected ${step.user} to be ${step.optedOut ? "opted out" : "opted in"}, but they are ${step.optedOut ? "opted in" : "opted out"}`);
  }
  return details.length ? details : null;
}

function summarize(step: Step): string {
  const parts: string[] = [];
  if (step.action?.type === "say") parts.push(`say: ${JSON.stringify(step.action.text)}`);
  if (step.action?.type === "advance") parts.push(`advance: ${formatMs(step.action.ms)}`);
  if (step.action?.type === "agent") parts.push(`agent: ${JSON.stringify(step.action.text)}`);
  if (step.action?.type === "close") parts.push(`close: ${step.action.topic ?? "the return topic"}`);
  if (step.expect && !step.action) parts.push("expect");
  if (step.vars) parts.push("vars");
  if (step.topic !== null) parts.push(`topic: ${step.topic}`);
  if (step.optedOut !== null) parts.push(`optedOut: ${step.optedOut}`);
  return parts.join(", ") || "step";
}

function formatMs(ms: number): string {
  if (ms % 86_400_000 === 0 && ms > 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0 && ms > 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
