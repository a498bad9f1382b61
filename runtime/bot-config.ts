/** @module Reads bot.config.yaml from disk; parsing and validation stay pure in config/, with lint's rules plugged in (compiler/lint/config.ts). */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { defaultConfig } from "../config/defaults.ts";
import type { ConfigResult } from "../config/parse.ts";
import { parseConfig } from "../compiler/lint/config.ts";

export const CONFIG_FILE_NAME = "bot.config.yaml";

/**
 * Loads `bot.config.yaml` beside the bot: `dir` is the bot folder (or a `.bot` file, whose folder is used).
 * A missing file means defaults; a broken one means defaults plus BOT290 diagnostics naming the line.
 */
export function loadConfig(dir: string): ConfigResult & { path: string | null } {
  const folder = existsSync(dir) && statSync(dir).isFile() ? dirname(dir) : dir;
  const path = join(folder, CONFIG_FILE_NAME);
  if (!existsSync(path)) return { config: defaultConfig(), diagnostics: [], path: null };
  return { ...loadConfigFile(path), path };
}

/** Loads an explicit config file (`bot lint --config FILE`). */
export function loadConfigFile(path: string): ConfigResult {
  return parseConfig(readFileSync(path, "utf8"), path);
}
