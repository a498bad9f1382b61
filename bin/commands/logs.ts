/** @module `bot logs`. */
import type { Command } from "commander";

export function registerLogs(_program: Command): void {}
