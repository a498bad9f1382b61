/** @module `bot broadcast`. */
import type { Command } from "commander";

export function registerBroadcast(_program: Command): void {}
