/** @module `bot test`. */
import type { Command } from "commander";

export function registerTest(_program: Command): void {}
