/** @module A small RuleTester: `.bot` snippets compiled by the real compiler, one rule run over the IR, findings compared exactly. */
import { describe, expect, it } from "vitest";
import { compile, compileReply } from "../../compiler/index.ts";
import { applyFix } from "../../compiler/diagnostics/fix.ts";
import { defaultConfig, lint, wholeTextSpan, type AnyRule, type BotConfig, type LintSettings, type MediaInfo } from "../../compiler/lint/index.ts";

export interface CaseSetup {
  code: string;
  /** Rule options (as `[level, options]` in the config would give them). */
  options?: Record<string, unknown>;
  sender?: BotConfig["sender"];
  lint?: Partial<LintSettings>;
  runtime?: Record<string, unknown>;
  /** What the media probe answers, by URL. */
  media?: Record<string, MediaInfo>;
  /** A broadcast body linted with the bot (file `broadcast.txt`). */
  broadcast?: string;
  name?: string;
}

export interface ExpectedError {
  code: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  data: Record<string, string | number>;
}

export interface InvalidCase extends CaseSetup {
  errors: ExpectedError[];
  /** The code after applying every finding's fix (as ESLint's RuleTester `output`); null: no finding has a fix. */
  output?: string | null;
}

export const BOT_FILE = "test.bot";
export const BROADCAST_FILE = "broadcast.txt";

/** Compiles the snippet and runs `rule` alone; compiler errors fail the case (the snippet must be valid). */
export function runRule(rule: AnyRule, setup: CaseSetup) {
  const compiled = compile([{ path: BOT_FILE, text: setup.code }]);
  const errors = compiled.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(`snippet does not compile: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  const base = defaultConfig();
  const config: BotConfig = {
    ...base,
    sender: setup.sender ?? null,
    lint: { ...base.lint, ...setup.lint },
    ...(setup.runtime ? { runtime: setup.runtime } : {}),
  };
  const sources = [{ path: BOT_FILE, text: setup.code }];
  let broadcast;
  if (setup.broadcast !== undefined) {
    const body = compileReply(setup.broadcast, BROADCAST_FILE);
    sources.push({ path: BROADCAST_FILE, text: setup.broadcast });
    broadcast = { body: body.template, span: wholeTextSpan(BROADCAST_FILE, setup.broadcast) };
  }
  return lint(compiled.ir, {
    config,
    sources,
    only: [rule],
    ruleOptions: setup.options ? { [rule.meta.name]: setup.options } : {},
    probeMedia: (url) => setup.media?.[url],
    ...(broadcast ? { broadcast } : {}),
  });
}

const REQUIRED: (keyof ExpectedError)[] = ["code", "line", "column", "endLine", "endColumn", "data"];

export const ruleTester = {
  run(name: string, rule: AnyRule, cases: { valid: (string | CaseSetup)[]; invalid: InvalidCase[] }): void {
    describe(name, () => {
      it("is named after its file and raises its own code", () => {
        expect(rule.meta.name).toBe(name);
      });
      cases.valid.forEach((entry, i) => {
        const setup = typeof entry === "string" ? { code: entry } : entry;
        it(`valid #${i + 1}${setup.name ? `: ${setup.name}` : ""}`, () => {
          expect(runRule(rule, setup)).toEqual([]);
        });
      });
      cases.invalid.forEach((entry, i) => {
        it(`invalid #${i + 1}${entry.name ? `: ${entry.name}` : ""}`, () => {
          expect(entry.errors.length, "an invalid case must list its errors").toBeGreaterThan(0);
          for (const e of entry.errors) {
            for (const key of REQUIRED) {
              if (e[key] === undefined) throw new Error(`invalid case #${i + 1}: every error must give ${REQUIRED.join(", ")} (missing ${key})`);
            }
          }
          const actual = runRule(rule, entry).map((d) => ({
            code: d.code,
            line: d.span.start.line,
            column: d.span.start.column,
            endLine: d.span.end.line,
            endColumn: d.span.end.column,
            data: d.data ?? {},
          }));
          expect(actual).toEqual(entry.errors);
          if (entry.output === undefined) return;
          const fixes = runRule(rule, entry).flatMap((d) => (d.fix ? [d.fix] : []));
          if (entry.output === null) expect(fixes).toEqual([]);
          else expect(fixes.reduce((text, fix) => applyFix(text, fix), entry.code)).toBe(entry.output);
        });
      });
    });
  },
};
