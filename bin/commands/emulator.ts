/** @module `bot emulator`. */
import type { Command } from "commander";

export function registerEmulator(_program: Command): void {}
