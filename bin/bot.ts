/** @module The `bot` command: parses argv and hands each subcommand to its file under bin/commands/. */
import { Command, CommanderError } from "commander";
import { registerCompile } from "./commands/compile.ts";
import { registerChat } from "./commands/chat.ts";
import { registerLint } from "./commands/lint.ts";
import { registerTest } from "./commands/test.ts";
import { registerRun } from "./commands/run.ts";
import { registerEmulator } from "./commands/emulator.ts";
import { registerBroadcast } from "./commands/broadcast.ts";
import { registerLogs } from "./commands/logs.ts";

const program = new Command("bot")
  .description("Compile, lint, test and run .bot SMS bots")
  .showHelpAfterError()
  // Exit codes are part of the interface: 0 clean, 1 findings/failures, 2 bad usage.
  .exitOverride();

for (const register of [
  registerCompile,
  registerLint,
  registerChat,
  registerTest,
  registerRun,
  registerEmulator,
  registerBroadcast,
  registerLogs,
]) {
  register(program);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version end here with code 0; everything else commander rejects is bad usage.
    process.exit(error.exitCode === 0 ? 0 : 2);
  }
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
