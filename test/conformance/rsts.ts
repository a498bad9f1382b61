/** @module Runs the RiveScript Test Suite data (test/conformance/rsts-data, MIT, see its README) through our compiler and engine. */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { compile } from "../../compiler/index.ts";
import { loadBrain, newBotState, newSession, respond } from "../../engine/index.ts";
import type { BotState, EngineEnv, Session } from "../../engine/types.ts";
import { seededRandom } from "../support/random.ts";

export const RSTS_DIR = fileURLToPath(new URL("./rsts-data/tests/", import.meta.url));

type Step = { source: string } | { input: string; reply: string | string[] } | { set: Record<string, unknown> } | { assert: Record<string, unknown> };

export interface RstsCase {
  file: string;
  name: string;
  username: string;
  steps: Step[];
}

export interface CaseResult {
  ok: boolean;
  /** What failed first, for the report. */
  failure?: string;
}

/** Every case of every `.yml` file (test-spec.json is the loader self-check, not a case). */
export function loadRstsCases(dir = RSTS_DIR): RstsCase[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".yml"))
    .sort();
  return files.flatMap((file) => {
    const doc = parseYaml(readFileSync(join(dir, file), "utf8")) as Record<string, { tests: Step[]; username?: string }>;
    return Object.entries(doc).map(([name, body]) => ({
      file,
      name,
      username: body.username ?? "localuser",
      steps: body.tests,
    }));
  });
}

const NO_REPLY = "ERR: No Reply Matched";

/** RSTS stores `true` (YAML boolean) and the string "undefined" (= unset) in `set` steps. */
function applySet(session: Session, values: Record<string, unknown>): Session {
  const vars = { ...session.vars };
  for (const [key, value] of Object.entries(values)) {
    if (value === "undefined" || value === undefined || value === null) delete vars[key];
    else vars[key] = String(value);
  }
  return { ...session, vars };
}

export async function runRstsCase(testCase: RstsCase): Promise<CaseResult> {
  const sources: { path: string; text: string }[] = [];
  let brain: ReturnType<typeof loadBrain> | null = null;
  let bot: BotState | null = null;
  let session = newSession(testCase.username, 0);
  const env: EngineEnv = {
    clock: { now: () => 0 },
    random: seededRandom(1),
    fetcher: async () => ({ status: 0, text: "", error: "no network in conformance tests" }),
    macros: { call: async (name) => `[ERR: Object Not Found ${name}]` },
  };

  for (const [index, step] of testCase.steps.entries()) {
    const where = `step ${index + 1}`;
    if ("source" in step) {
      // Each `source` is its own file: file-scoped options such as `! local concat` end with it.
      sources.push({ path: `source-${sources.length + 1}.bot`, text: step.source });
      const { ir, diagnostics } = compile(sources);
      const errors = diagnostics.filter((d) => d.severity === "error");
      if (errors.length > 0) {
        return { ok: false, failure: `${where}: compile errors: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}` };
      }
      brain = loadBrain(ir);
      // Later sources add to the brain; bot variables already changed by replies stay changed.
      const fresh = newBotState(ir);
      const kept = bot as BotState | null;
      bot = kept ? { vars: { ...fresh.vars, ...kept.vars }, globals: { ...fresh.globals, ...kept.globals } } : fresh;
    } else if ("input" in step) {
      if (!brain || !bot) return { ok: false, failure: `${where}: input before any source` };
      const result = await respond(brain, { session, bot }, { from: testCase.username, body: step.input, media: [] }, env);
      session = result.session;
      bot = result.bot;
      const actual = result.matched ? result.reply : NO_REPLY;
      const accepted = Array.isArray(step.reply) ? step.reply : [step.reply.trim()];
      if (!accepted.includes(actual)) {
        return {
          ok: false,
          failure: `${where}: input ${JSON.stringify(step.input)} → ${JSON.stringify(actual)}, expected ${accepted.map((r) => JSON.stringify(r)).join(" or ")}`,
        };
      }
    } else if ("set" in step) {
      session = applySet(session, step.set);
    } else if ("assert" in step) {
      for (const [key, value] of Object.entries(step.assert)) {
        const actual = session.vars[key] ?? "undefined";
        if (actual !== String(value)) {
          return { ok: false, failure: `${where}: user var ${key} = ${JSON.stringify(actual)}, expected ${JSON.stringify(value)}` };
        }
      }
    }
  }
  return { ok: true };
}
