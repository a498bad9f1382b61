/** @module `bot lint`. */
import type { Command } from "commander";

export function registerLint(_program: Command): void {}
