/**
 * @module Every subcommand of `bot`: how `bot --help` lists it, and the file that registers it. A command's file
 * (with the compiler, Express, Twilio or a database behind it) is imported only when that command runs, so
 * `bot --help` and `bot --version` start in about the time of `node` itself. A command's file registers its
 * arguments and options and returns the command; the description is set from here, so no command file imports
 * this list back. test/cli/help.test.ts checks that `usage` matches what the file registers.
 */
import type { Command } from "commander";

export type Register = (program: Command) => void;

/** What a command's file exports: it adds the command with its arguments and options, and returns it. */
type Define = (program: Command) => Command;

export interface CommandEntry {
  /** Name, `[options]` when it has any, and its arguments, as commander prints them. */
  usage: string;
  description: string;
  load: () => Promise<Register>;
}

export const COMMANDS = {
  init: {
    usage: "init [dir]",
    description: "start a bot project: a .bot file, bot.config.yaml, a transcript test, package.json scripts and a CI workflow",
    load: described(async () => (await import("./init.ts")).registerInit),
  },
  compile: {
    usage: "compile [options] <path>",
    description: "compile a bot (.bot or .rive files); print diagnostics; optionally write the IR as JSON",
    load: described(async () => (await import("./compile.ts")).registerCompile),
  },
  lint: {
    usage: "lint [options] <path>",
    description: "check a bot for SMS problems (segments, encoding, MMS limits, opt-out keywords) and structural mistakes",
    load: described(async () => (await import("./lint.ts")).registerLint),
  },
  chat: {
    usage: "chat [options] <path>",
    description: "chat with a bot in the terminal (delays really wait), or drive it with JSON lines",
    load: described(async () => (await import("./chat.ts")).registerChat),
  },
  test: {
    usage: "test [options] <paths...>",
    description: "run transcript tests (*.test.yaml); folders are searched for them",
    load: described(async () => (await import("./test.ts")).registerTest),
  },
  run: {
    usage: "run [options] <bot>",
    description: "run a bot as an SMS bot: on Twilio when TWILIO_* credentials are set, else in a local sandbox",
    load: described(async () => (await import("./run.ts")).registerRun),
  },
  emulator: {
    usage: "emulator [options]",
    description: "run a local Twilio emulator (Messages API, status callbacks, inbound webhooks) on 127.0.0.1",
    load: described(async () => (await import("./emulator.ts")).registerEmulator),
  },
  broadcast: {
    usage: "broadcast [options] <bot>",
    description: "send one message to every user (or a --where segment), paced to the sender; --dry-run shows reach, segments, cost and the policy verdict",
    load: described(async () => (await import("./broadcast.ts")).registerBroadcast),
  },
  users: {
    usage: "users",
    description:
      "users export <bot> <phone> prints one user's data as JSON; users erase [--yes] <bot> <phone> erases it, keeping the consent ledger and any opt-out",
    load: described(async () => (await import("./users.ts")).registerUsers),
  },
  logs: {
    usage: "logs [options] <bot> [text]",
    description: "search the message log: every inbound and outbound message with status history, segments and errors",
    load: described(async () => (await import("./logs.ts")).registerLogs),
  },
  publish: {
    usage: "publish [options] <bot>",
    description: "compile a bot and make it the live version in its database: every running bot run switches to it without a restart",
    load: described(async () => (await import("./versions.ts")).registerPublish),
  },
  versions: {
    usage: "versions [options] <bot>",
    description: "list a bot's published versions: the live one, trigger counts and the triggers each added, removed or changed",
    load: described(async () => (await import("./versions.ts")).registerVersions),
  },
  rollback: {
    usage: "rollback [options] <bot> [version]",
    description: "make an earlier published version live again (default: the one before the live one)",
    load: described(async () => (await import("./versions.ts")).registerRollback),
  },
  insights: {
    usage: "insights [options] <report> <bot>",
    description: "what users wrote that only a catch-all or nothing answered (missed), and each trigger's hits (triggers), from the message log",
    load: described(async () => (await import("./insights.ts")).registerInsights),
  },
  fmt: {
    usage: "fmt [options] <paths...>",
    description: "format .bot files: one blank after each command, one blank line between triggers, comments kept",
    load: described(async () => (await import("./fmt.ts")).registerFmt),
  },
  lsp: {
    usage: "lsp [options]",
    description: "run the .bot language server (diagnostics, hover, definitions, rename, completion, formatting) for editors",
    load: described(async () => (await import("./lsp.ts")).registerLsp),
  },
} satisfies Record<string, CommandEntry>;

export type CommandName = keyof typeof COMMANDS;

/** The loader of a command whose file defines it, with its description taken from this list when it registers. */
function described(load: () => Promise<Define>): () => Promise<Register> {
  return async () => {
    const define = await load();
    return (program) => {
      const command = define(program);
      command.description(COMMANDS[command.name() as CommandName].description);
    };
  };
}

export function isCommandName(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}
