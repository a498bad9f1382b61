/** @module The `bot` command: parses argv and hands each subcommand to its file under bin/commands/. */
import { Command, CommanderError } from "commander";

type Register = (program: Command) => void;

// Each subcommand pulls in its own dependencies (the runtime, the linter, Express …); loading only the one
// that runs keeps `bot compile` and `bot chat` quick to start.
const commands: Record<string, () => Promise<Register>> = {
  compile: async () => (await import("./commands/compile.ts")).registerCompile,
  lint: async () => (await import("./commands/lint.ts")).registerLint,
  chat: async () => (await import("./commands/chat.ts")).registerChat,
  test: async () => (await import("./commands/test.ts")).registerTest,
  run: async () => (await import("./commands/run.ts")).registerRun,
  emulator: async () => (await import("./commands/emulator.ts")).registerEmulator,
  broadcast: async () => (await import("./commands/broadcast.ts")).registerBroadcast,
  logs: async () => (await import("./commands/logs.ts")).registerLogs,
  fmt: async () => (await import("./commands/fmt.ts")).registerFmt,
  lsp: async () => (await import("./commands/lsp.ts")).registerLsp,
};

const program = new Command("bot")
  .description("compile, lint, test and run .bot SMS bots")
  .showHelpAfterError()
  // Exit codes are part of the interface: 0 clean, 1 findings/failures, 2 bad usage.
  .exitOverride();

const requested = process.argv[2];
const wanted = requested && requested in commands ? [requested] : Object.keys(commands);
for (const name of wanted) (await commands[name]!())(program);

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
