/** @module bot.config.yaml as lint reads it: config/'s parser with this linter's rules plugged in, so `lint.rules` entries are checked against them. */
import { parseConfig as parseConfigWith, type ConfigResult, type RuleSettingsMeta } from "../../config/parse.ts";
import { rules } from "./rules/index.ts";

/** Every rule's code, name, severity and options schema, as config/parse.ts checks `lint.rules` against them. */
export const RULE_SETTINGS: readonly RuleSettingsMeta[] = Object.values(rules).map((rule) => rule.meta);

/** Parses `text` (the contents of `file`). Never throws: problems come back as BOT290 diagnostics and defaults fill in. */
export function parseConfig(text: string, file: string): ConfigResult {
  return parseConfigWith(text, file, RULE_SETTINGS);
}
