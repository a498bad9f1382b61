/** @module `bot compile`. */
import type { Command } from "commander";

export function registerCompile(_program: Command): void {}
