/** @module The keyword layer's decision table: every keyword family, opted out or not, both help modes, Twilio's OptOutType. */
import { describe, expect, it } from "vitest";
import { describeKeywordAction, keywordAction, optedOutAfter, type HelpMode, type KeywordAction } from "./index.ts";
import { resolveHelpMode } from "./help-mode.ts";

describe("keywordAction", () => {
  const table: [body: string, optedOut: boolean, help: HelpMode, action: KeywordAction][] = [
    ["STOP", false, "twilio", { type: "opted-out", keyword: "STOP" }],
    [" stopall ", false, "twilio", { type: "opted-out", keyword: "STOPALL" }],
    ["Cancel", true, "bot", { type: "opted-out", keyword: "CANCEL" }],
    ["optout", false, "twilio", { type: "opted-out", keyword: "OPTOUT" }],
    ["START", true, "twilio", { type: "opted-in", keyword: "START" }],
    ["unstop", true, "bot", { type: "opted-in", keyword: "UNSTOP" }],
    // START and YES from a user who is not opted out are ordinary answers ("yes" to a question).
    ["yes", false, "twilio", { type: "bot" }],
    ["START", false, "bot", { type: "bot" }],
    ["HELP", false, "twilio", { type: "help", keyword: "HELP" }],
    ["info", true, "twilio", { type: "help", keyword: "INFO" }],
    ["help", false, "bot", { type: "bot" }],
    ["help", true, "bot", { type: "ignored-opted-out" }],
    ["hello", true, "twilio", { type: "ignored-opted-out" }],
    ["hello", false, "twilio", { type: "bot" }],
    ["stop it", false, "twilio", { type: "bot" }],
    ["STOP.", false, "twilio", { type: "bot" }],
  ];
  it.each(table)("%j (opted out: %s, help: %s)", (body, optedOut, help, action) => {
    expect(keywordAction({ body }, { optedOut, help })).toEqual(action);
  });

  it("takes Twilio's OptOutType over its own match (Advanced Opt-Out custom keywords)", () => {
    expect(keywordAction({ body: "arret", optOutType: "STOP" }, { optedOut: false, help: "twilio" })).toEqual({ type: "opted-out", keyword: "ARRET" });
    expect(keywordAction({ body: "aide", optOutType: "help" }, { optedOut: false, help: "twilio" })).toEqual({ type: "help", keyword: "AIDE" });
  });

  it("gives the opt-out state after each action and explains every action but running the bot", () => {
    expect(optedOutAfter({ type: "opted-out", keyword: "STOP" }, false)).toBe(true);
    expect(optedOutAfter({ type: "opted-in", keyword: "START" }, true)).toBe(false);
    expect(optedOutAfter({ type: "ignored-opted-out" }, true)).toBe(true);
    expect(optedOutAfter({ type: "bot" }, false)).toBe(false);
    expect(describeKeywordAction({ type: "bot" })).toBeNull();
    expect(describeKeywordAction({ type: "help", keyword: "INFO" })).toMatch(/^INFO is answered by Twilio .*runtime\.help: bot/);
  });
});

describe("resolveHelpMode", () => {
  it("takes BOT_HELP, then runtime.help, then twilio", () => {
    expect(resolveHelpMode({}, undefined)).toEqual({ mode: "twilio", source: "default", errors: [] });
    expect(resolveHelpMode({}, { help: "bot" })).toEqual({ mode: "bot", source: "bot.config.yaml", errors: [] });
    expect(resolveHelpMode({ BOT_HELP: "twilio" }, { help: "bot" })).toEqual({ mode: "twilio", source: "BOT_HELP", errors: [] });
    expect(resolveHelpMode({ BOT_HELP: " " }, { help: "bot" })).toMatchObject({ mode: "bot", source: "bot.config.yaml" });
  });

  it("names the key or variable of a bad value", () => {
    expect(resolveHelpMode({}, { help: "yes" }).errors).toEqual([
      'bot.config.yaml runtime.help: "yes" is not a help mode; use "twilio" (Twilio answers HELP) or "bot" (the bot\'s triggers do)',
    ]);
    expect(resolveHelpMode({ BOT_HELP: "both" }, {}).errors).toEqual(['BOT_HELP="both" is not a help mode; use twilio or bot']);
  });
});
