/** @module `bot run`. */
import type { Command } from "commander";

export function registerRun(_program: Command): void {}
