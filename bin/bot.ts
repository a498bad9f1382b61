/** @module The `bot` command: parses argv and hands each subcommand to its file under bin/commands/. */
import { createRequire } from "node:module";
import { Command, CommanderError } from "commander";
import { COMMANDS, isCommandName } from "./commands/index.ts";

// `bot logs … | head` closes the pipe before everything is written: stop quietly, as other command-line tools
// do, rather than dying on EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(process.exitCode ?? 0);
  });
}

// The package's own package.json, by name: the same lookup from the sources (bin/) and from the build (dist/bin/).
const { version } = createRequire(import.meta.url)("dexter-bot/package.json") as { version: string };

const program = new Command("bot")
  .description("compile, lint, test and run .bot SMS bots")
  .version(version, "-V, --version", "print the version of dexter-bot")
  .showHelpAfterError()
  // Exit codes are part of the interface: 0 clean, 1 findings/failures, 2 bad usage.
  .exitOverride();

// Only the command that runs is loaded (`bot help <command>` loads that one). For `bot --help`, `--version`,
// no command or an unknown one, each command is listed from its entry alone, so nothing heavy is imported.
const [first, second] = process.argv.slice(2);
const requested = isCommandName(first) ? first : first === "help" && isCommandName(second) ? second : undefined;
if (requested) {
  (await COMMANDS[requested].load())(program);
} else {
  for (const [name, entry] of Object.entries(COMMANDS)) program.command(name).description(entry.description);
  const usage = new Map<string, string>(Object.entries(COMMANDS).map(([name, entry]) => [name, entry.usage]));
  const help = program.createHelp();
  program.configureHelp({ subcommandTerm: (command) => usage.get(command.name()) ?? help.subcommandTerm(command) });
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
