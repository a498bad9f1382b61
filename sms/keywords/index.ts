/**
 * @module The keyword layer every runner shares (`bot run`'s inbound worker, `bot chat`, `bot test`, the simulator):
 * STOP/START/HELP before the bot, as Twilio handles them on a number with default opt-out handling. The keyword
 * lists and Twilio's whole-body match are in sms/keywords/opt-out.ts; docs/runtime.md#opt-out has the table.
 */
export { describeKeywordAction, HELP_MODES, keywordAction, optedOutAfter } from "./decide.ts";
export type { HelpMode, KeywordAction, KeywordInput, UserKeywordState } from "./decide.ts";
export { helpModeOfConfig, resolveHelpMode } from "./help-mode.ts";
export type { HelpModeSource, ResolvedHelpMode } from "./help-mode.ts";
