/** @module `bot chat`. */
import type { Command } from "commander";

export function registerChat(_program: Command): void {}
