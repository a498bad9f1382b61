/** @module bot.config.yaml: defaults, merging, and errors that name the file, line and key. */
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig, DEFAULT_LINT } from "../../compiler/lint/index.ts";
import { loadConfig } from "../../runtime/bot-config.ts";

const FILE = "bots/shop/bot.config.yaml";
const where = (text: string) =>
  parseConfig(text, FILE).diagnostics.map((d) => ({ code: d.code, line: d.span.start.line, column: d.span.start.column, message: d.message }));

describe("parseConfig", () => {
  it("fills defaults for an empty file", () => {
    const { config, diagnostics } = parseConfig("", FILE);
    expect(diagnostics).toEqual([]);
    expect(config.sender).toBeNull();
    expect(config.lint).toEqual({ ...DEFAULT_LINT, rules: {}, ignore: [] });
  });

  it("reads sender, lint settings, rule levels and foreign sections", () => {
    const { config, diagnostics } = parseConfig(
      [
        "sender: { type: toll-free, country: US }",
        "lint:",
        "  segmentLimit: 2",
        "  rules:",
        "    SMS002: off",
        "    sms-segment-limit: [error, { limit: 4 }]",
        "  ignore: ['legacy/**']",
        "runtime:",
        "  ordering: strict",
        "broadcast: { pace: 1 }",
      ].join("\n"),
      FILE,
    );
    expect(diagnostics).toEqual([]);
    expect(config.sender).toEqual({ type: "toll-free", country: "US" });
    expect(config.lint.segmentLimit).toBe(2);
    expect(config.lint.assumedVariableLength).toBe(DEFAULT_LINT.assumedVariableLength);
    expect(config.lint.rules).toEqual({ SMS002: "off", "sms-segment-limit": ["error", { limit: 4 }] });
    expect(config.lint.ignore).toEqual(["legacy/**"]);
    expect(config.runtime).toEqual({ ordering: "strict" });
  });

  it("names the line and key of an unknown key", () => {
    expect(where("lint:\n  segmentLimit: 2\n  segmentLimt: 3\n")).toEqual([
      {
        code: "BOT290",
        line: 3,
        column: 3,
        message:
          "bot.config.yaml: lint.segmentLimt: unknown key (known keys: segmentLimit, assumedVariableLength, maxTotalDelaySeconds, maxMediaBytes, rules, ignore)",
      },
    ]);
    expect(where("sender:\n  type: long-code\nlnt: {}\n")[0]).toMatchObject({
      line: 3,
      column: 1,
      message: expect.stringMatching(/^bot\.config\.yaml: lnt: unknown key \(known keys: sender, lint, /),
    });
  });

  it("names the line of a value of the wrong type or outside its set", () => {
    expect(where("lint:\n  segmentLimit: lots\n")).toEqual([
      { code: "BOT290", line: 2, column: 17, message: 'bot.config.yaml: lint.segmentLimit: "lots" is not allowed; use a whole number from 1 to 24' },
    ]);
    expect(where("sender:\n  type: landline\n")[0]).toMatchObject({
      line: 2,
      column: 9,
      message: expect.stringMatching(
        /^bot\.config\.yaml: sender\.type: "landline" is not allowed; use "long-code", "toll-free", "short-code".* or "[a-z0-9-]+"$/,
      ),
    });
  });

  it("reports invalid YAML with its position and keeps the defaults", () => {
    const { config, diagnostics } = parseConfig("lint:\n  segmentLimit: [1, 2\n", FILE);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]?.message).toMatch(/^bot\.config\.yaml: invalid YAML: /);
    expect(diagnostics[0]?.span.file).toBe(FILE);
    expect(diagnostics[0]?.span.start.line).toBeGreaterThanOrEqual(2);
    expect(config.lint.segmentLimit).toBe(DEFAULT_LINT.segmentLimit);
  });

  it("rejects unknown rules and turning an error-class rule off or down", () => {
    expect(where("lint:\n  rules:\n    SMS999: off\n    sms-length-limit: warn\n    SMS004: off\n")).toEqual([
      {
        code: "BOT290",
        line: 3,
        column: 5,
        message: "bot.config.yaml: lint.rules.SMS999: unknown rule (use a code such as SMS001 or a name such as sms-segment-limit)",
      },
      { code: "BOT290", line: 4, column: 5, message: "bot.config.yaml: lint.rules.sms-length-limit: SMS003 is an error and cannot be turned down" },
      { code: "BOT290", line: 5, column: 5, message: "bot.config.yaml: lint.rules.SMS004: SMS004 is an error and cannot be turned off" },
    ]);
  });

  it("checks rule options against the rule's schema", () => {
    expect(where("lint:\n  rules:\n    SMS001: [warn, { limit: zero }]\n")).toEqual([
      { code: "BOT290", line: 3, column: 29, message: 'bot.config.yaml: lint.rules.SMS001[1].limit: "zero" is not allowed; use a whole number of at least 1' },
    ]);
  });
});

describe("config errors all at once", () => {
  // Several bad values in every section: each is one message, with its line, column and key path, in plain
  // words with what is allowed, and none hides another (schema problems, rule options, the runtime's keys).
  const BAD = [
    "sender:",
    "  type: landline",
    "  country: usa",
    "lint:",
    "  segmentLimit: 0.5",
    "  segmentLimt: 3",
    "  ignore: [ok, '']",
    "  rules:",
    "    SMS001: loud",
    "    sms-segment-limit: [error, { limit: 0 }]",
    "    SMS999: off",
    "    SMS004: off",
    "runtime:",
    "  http: { budgetMs: 5 }",
    "lnt: {}",
  ].join("\n");

  it("reports every bad value in one pass, one message each, in file order", () => {
    const found = where(BAD).map((d) => `${d.line}:${d.column} ${d.message.replace(/^bot\.config\.yaml: /, "")}`);
    expect(found).toEqual([
      expect.stringMatching(/^2:9 sender\.type: "landline" is not allowed; use "long-code", "toll-free", /),
      '3:12 sender.country: "usa" is not allowed; use a two-letter country code in capitals, such as US',
      "5:17 lint.segmentLimit: 0.5 is not allowed; use a whole number from 1 to 24",
      expect.stringMatching(/^6:3 lint\.segmentLimt: unknown key \(known keys: segmentLimit, /),
      '7:16 lint.ignore[1]: "" is not allowed; use non-empty text',
      '9:13 lint.rules.SMS001: "loud" is not allowed; use "off", "warn" or "error", or a level with options such as [error, { limit: 4 }]',
      "10:41 lint.rules.sms-segment-limit[1].limit: 0 is not allowed; use a whole number of at least 1",
      "11:5 lint.rules.SMS999: unknown rule (use a code such as SMS001 or a name such as sms-segment-limit)",
      "12:5 lint.rules.SMS004: SMS004 is an error and cannot be turned off",
      "14:21 runtime.http.budgetMs: 5 is not allowed; use a whole number from 100 to 14000",
      expect.stringMatching(/^15:1 lnt: unknown key \(known keys: sender, lint, /),
    ]);
  });

  it("speaks no validator jargon", () => {
    for (const d of parseConfig(BAD, FILE).diagnostics) {
      expect(d.message).not.toMatch(/oneOf|anyOf|must match|must NOT|must be (integer|number|string|object|array)|instancePath|schema/);
    }
  });

  it("checks runtime.help with its line, and accepts both help modes", () => {
    expect(where("runtime:\n  help: robot\n").map((d) => `${d.line}:${d.column} ${d.message.replace(/^bot\.config\.yaml: /, "")}`)).toEqual([
      '2:9 runtime.help: "robot" is not allowed; use "twilio" or "bot"',
    ]);
    expect(where("runtime:\n  help: bot\n")).toEqual([]);
    expect(where("runtime:\n  help: twilio\n")).toEqual([]);
  });

  it("keeps the defaults while the file is wrong", () => {
    expect(parseConfig(BAD, FILE).config.lint.segmentLimit).toBe(DEFAULT_LINT.segmentLimit);
  });
});

describe("loadConfig", () => {
  it("reads bot.config.yaml beside the bot, or returns defaults when there is none", () => {
    const dir = mkdtempSync(join(tmpdir(), "bot-config-"));
    expect(loadConfig(dir)).toMatchObject({ path: null, diagnostics: [] });
    writeFileSync(join(dir, "bot.config.yaml"), "lint:\n  segmentLimit: 5\n");
    writeFileSync(join(dir, "main.bot"), "+ *\n- hi\n");
    const fromFile = loadConfig(join(dir, "main.bot"));
    expect(fromFile.path).toBe(join(dir, "bot.config.yaml"));
    expect(fromFile.config.lint.segmentLimit).toBe(5);
  });
});
