/**
 * @module Runs the reference implementations' own unit tests, ported to data (test/conformance/reference-data:
 * rivescript-js v2.2.1 `test/` and rivescript-python `tests/`, MIT, see its README), through our compiler,
 * engine and JavaScript macro sandbox. Every case ends as passed, a documented difference, pending a fix,
 * skipped (host-language API only) or failed; only "failed" (and a pending fix that now passes) is an error.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { compile } from "../../compiler/index.ts";
import type { BotIR } from "../../compiler/ir/types.ts";
import { loadBrain, newBotState, newSession, respond } from "../../engine/index.ts";
import type { BotState, EngineEnv, Session } from "../../engine/types.ts";
import { createMacroHost } from "../../runtime/adapters/macros.ts";
import { seededRandom } from "../support/random.ts";

export const REFERENCE_DIR = fileURLToPath(new URL("./reference-data/", import.meta.url));
export const SUITES = ["rivescript-js", "rivescript-python"] as const;
export type Suite = (typeof SUITES)[number];

/** A step's note that our answer differs on purpose: the docs/language.md sentence that says so, and why. */
export interface Difference {
  /** A sentence of docs/language.md, quoted exactly (the runner checks it is there). */
  docs: string;
  why: string;
  /** Our reply, pinned, so a change of behaviour is seen (absent for a step whose whole outcome differs). */
  ours?: string;
}

interface Annotations {
  /** On a `bot`/`source` step: the compile must fail with this code (rivescript refuses the text too). */
  rejects?: string;
  difference?: Difference;
  /** The language fix this step waits for ("Why 5: …" of issue #25): it must fail until the fix lands. */
  pendingFix?: string;
  /** Why this one step is not run (it reads the host-language API, such as rivescript's internal variables). */
  skip?: string;
}

export type Step = Annotations &
  (
    | { bot: string }
    | { source: string }
    | { input: string; reply: string | string[] }
    | { set: Record<string, unknown> }
    | { botvar: Record<string, unknown> }
    | { global: Record<string, unknown> }
    | { assert: Record<string, unknown> }
    | { assertBot: Record<string, unknown> }
    | { sorted: { before: [string, string][]; last?: string[] } }
    | { host: string }
  );

export interface ReferenceCase {
  suite: Suite;
  file: string;
  name: string;
  /** Upstream file and test function, `path#name`. */
  upstream: string;
  /** Why the case is not run (it tests only the host-language API). */
  skip?: string;
  /** Why the steps differ from the upstream test (a `setSubroutine` function ported to a `> object` macro). */
  ported?: string;
  steps: Step[];
}

export type CaseStatus = "passed" | "difference" | "pending" | "skipped" | "failed";

export interface CaseResult {
  status: CaseStatus;
  /** Input checks run (replies, variables, sort order). */
  checks: number;
  /** What failed, for the report: unexpected failures, and pending fixes that now pass. */
  failures: string[];
  /** Steps that failed as their `pendingFix` expects. */
  pending: string[];
}

/** Every case of every data file, in file then case order. */
export function loadReferenceCases(suites: readonly Suite[] = SUITES, dir = REFERENCE_DIR): ReferenceCase[] {
  return suites.flatMap((suite) =>
    readdirSync(join(dir, suite))
      .filter((f) => f.endsWith(".yml"))
      .sort()
      .flatMap((file) => {
        const doc = parseYaml(readFileSync(join(dir, suite, file), "utf8")) as Record<
          string,
          Omit<ReferenceCase, "suite" | "file" | "name" | "steps"> & { tests: Step[] }
        >;
        return Object.entries(doc).map(([name, body]) => ({
          suite,
          file,
          name,
          upstream: body.upstream,
          ...(body.skip !== undefined && { skip: body.skip }),
          ...(body.ported !== undefined && { ported: body.ported }),
          steps: body.tests,
        }));
      }),
  );
}

/** "No reply matched" as each suite spells it (rivescript-js returns the text, rivescript-python its error constant). */
const NO_REPLY = new Set(["ERR: No Reply Matched", "[ERR: No Reply Matched]"]);
const USER = "localuser";

/** Values are strings in our sessions; rivescript's "undefined" (and None) means unset. */
function assign(target: Record<string, string>, values: Record<string, unknown>): Record<string, string> {
  const next = { ...target };
  for (const [key, value] of Object.entries(values)) {
    if (value === "undefined" || value === undefined || value === null) delete next[key];
    else next[key] = String(value);
  }
  return next;
}

interface State {
  sources: { path: string; text: string }[];
  ir: BotIR | null;
  brain: ReturnType<typeof loadBrain> | null;
  bot: BotState | null;
  session: Session;
  env: EngineEnv;
}

function freshState(): State {
  return {
    sources: [],
    ir: null,
    brain: null,
    bot: null,
    session: newSession(USER, 0),
    env: {
      clock: { now: () => 0 },
      random: seededRandom(1),
      fetcher: async () => ({ status: 0, text: "", error: "no network in conformance tests" }),
      macros: { call: async (name) => `[ERR: Object Not Found ${name}]` },
    },
  };
}

/** Loads the sources so far; a compile error is the step's failure, unless `rejects` expects it. */
function load(state: State, rejects: string | undefined): string | null {
  const { ir, diagnostics } = compile(state.sources);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (rejects !== undefined) {
    // The refused text is not part of the brain, as rivescript's stream() throws before adding it.
    state.sources.pop();
    return errors.some((d) => d.code === rejects) ? null : `expected compile error ${rejects}, got ${errors.map((d) => d.code).join(", ") || "none"}`;
  }
  if (errors.length > 0) return `compile errors: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}`;
  state.ir = ir;
  state.brain = loadBrain(ir);
  const fresh = newBotState(ir);
  const kept = state.bot;
  state.bot = kept ? { vars: { ...fresh.vars, ...kept.vars }, globals: { ...fresh.globals, ...kept.globals } } : fresh;
  // Macros run in the real sandbox, on this thread (the worker pool's deadline is not what these cases test).
  state.env = { ...state.env, macros: createMacroHost(ir.objects, { isolation: "inline", clock: state.env.clock, random: seededRandom(1) }) };
  return null;
}

/** Runs one step; returns what went wrong, or null. */
async function runStep(state: State, step: Step): Promise<string | null> {
  if ("bot" in step) {
    Object.assign(state, freshState());
    state.sources.push({ path: "source-1.rive", text: step.bot });
    return load(state, step.rejects);
  }
  if ("source" in step) {
    // Each streamed text is its own file: file-scoped options such as `! local concat` end with it.
    state.sources.push({ path: `source-${state.sources.length + 1}.rive`, text: step.source });
    return load(state, step.rejects);
  }
  if ("input" in step) {
    if (!state.brain || !state.bot) return "input before any source";
    const result = await respond(state.brain, { session: state.session, bot: state.bot }, { from: USER, body: step.input, media: [] }, state.env);
    state.session = result.session;
    state.bot = result.bot;
    const expected = step.difference ? [step.difference.ours] : Array.isArray(step.reply) ? step.reply : [step.reply];
    if (!result.matched)
      return expected.some((e) => e !== undefined && NO_REPLY.has(e)) ? null : `${JSON.stringify(step.input)} → (no reply), expected ${show(expected)}`;
    return expected.includes(result.reply) ? null : `${JSON.stringify(step.input)} → ${JSON.stringify(result.reply)}, expected ${show(expected)}`;
  }
  if ("set" in step) {
    // rivescript keeps the topic in the user variable `topic`; our session has it as a field.
    const { topic, ...vars } = step.set;
    state.session = { ...state.session, vars: assign(state.session.vars, vars), ...(topic !== undefined && { topic: String(topic) }) };
    return null;
  }
  if ("botvar" in step || "global" in step) {
    if (!state.bot) return "bot variable before any source";
    state.bot =
      "botvar" in step ? { ...state.bot, vars: assign(state.bot.vars, step.botvar) } : { ...state.bot, globals: assign(state.bot.globals, step.global) };
    return null;
  }
  if ("assert" in step || "assertBot" in step) {
    const [values, vars] = "assert" in step ? [step.assert, { ...state.session.vars, topic: state.session.topic }] : [step.assertBot, state.bot?.vars ?? {}];
    for (const [key, value] of Object.entries(values)) {
      const actual = vars[key] ?? "undefined";
      if (actual !== String(value ?? "undefined")) return `variable ${key} = ${JSON.stringify(actual)}, expected ${JSON.stringify(value)}`;
    }
    return null;
  }
  if ("sorted" in step) return checkSorted(state, step.sorted);
  if ("host" in step) return null;
  const _exhaustive: never = step;
  return `unknown step ${JSON.stringify(_exhaustive)}`;
}

const show = (values: (string | undefined)[]) => values.map((v) => JSON.stringify(v)).join(" or ");

/** rivescript-python's sort rules, read off our IR: each pair's first trigger is tried before its second. */
function checkSorted(state: State, sorted: { before: [string, string][]; last?: string[] }): string | null {
  if (!state.ir) return "sort check before any source";
  const ir = state.ir;
  const order = (ir.topics.default?.triggers ?? []).map((id) => ir.triggers[id]);
  // A name is the trigger as written; `{weight=N}` picks the trigger of that weight among those of its text.
  const at = (name: string) => {
    const weight = Number(/\{weight=(\d+)\}/u.exec(name)?.[1] ?? 0);
    const text = name.replace(/\s*\{weight=\d+\}\s*/u, "").trim();
    return order.findIndex((t) => t?.text === text && t.weight === weight);
  };
  for (const [first, second] of sorted.before) {
    const [a, b] = [at(first), at(second)];
    if (a < 0 || b < 0) return `trigger ${JSON.stringify(a < 0 ? first : second)} not in the sort order`;
    if (a >= b) return `${JSON.stringify(first)} sorts at ${a}, after ${JSON.stringify(second)} at ${b}`;
  }
  for (const text of sorted.last ?? []) {
    if (at(text) < order.length - (sorted.last ?? []).length) return `${JSON.stringify(text)} sorts at ${at(text)}, not among the last ${sorted.last?.length}`;
  }
  return null;
}

/** Runs a case to its end (a failed step does not stop it, so every pending fix is seen). */
export async function runReferenceCase(testCase: ReferenceCase): Promise<CaseResult> {
  if (testCase.skip !== undefined) return { status: "skipped", checks: 0, failures: [], pending: [] };
  const state = freshState();
  const failures: string[] = [];
  const pending: string[] = [];
  let checks = 0;
  let differences = 0;
  for (const [index, step] of testCase.steps.entries()) {
    const where = `step ${index + 1}`;
    // What follows a host-language step (rs.errors.x = …, new options) tests that API: the case ends here.
    if ("host" in step) break;
    if (step.skip !== undefined) continue;
    if ("input" in step || "assert" in step || "assertBot" in step || "sorted" in step) checks++;
    if (step.difference) differences++;
    let problem: string | null;
    try {
      problem = await runStep(state, step);
    } catch (error) {
      problem = `threw ${error instanceof Error ? error.message : String(error)}`;
    }
    if (step.pendingFix !== undefined) {
      if (problem === null) failures.push(`${where}: passes now; remove its pendingFix (${step.pendingFix})`);
      else pending.push(`${where}: ${problem} [pending: ${step.pendingFix}]`);
    } else if (problem !== null) failures.push(`${where}: ${problem}`);
    // Without a brain (or with a source refused on purpose) the later steps say nothing new.
    if ((problem !== null || step.difference) && ("bot" in step || "source" in step)) break;
  }
  const status: CaseStatus = failures.length > 0 ? "failed" : pending.length > 0 ? "pending" : differences > 0 ? "difference" : "passed";
  return { status, checks, failures, pending };
}

/** Every `difference.docs` sentence must be in docs/language.md, word for word. */
export function missingDocSentences(cases: ReferenceCase[], languageDoc: string): string[] {
  const flat = languageDoc.replace(/\s+/gu, " ");
  return cases.flatMap((c) =>
    c.steps.flatMap((s) => (s.difference && !flat.includes(s.difference.docs.replace(/\s+/gu, " ")) ? [`${c.file}#${c.name}: ${s.difference.docs}`] : [])),
  );
}
