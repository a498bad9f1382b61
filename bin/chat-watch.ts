/** @module `bot chat --watch`: each save of the bot's files is recompiled; a build without errors replaces the bot the chat talks to (history, variables and pending messages kept), one with errors is printed and the previous bot keeps answering. */
import type { LocalRuntime } from "../sandbox/local/index.ts";
import { formatErrors } from "../sandbox/local/diagnostics.ts";
import { watchBotFiles } from "../sandbox/local/watch-files.ts";
import type { FileWatch } from "../sandbox/local/watch-files.ts";
import { BotLoadError, loadRunnableBot } from "./load-bot.ts";

/** Watches `path`; `say` prints a line where the chat prints its own notes. */
export function watchChat(path: string, runtime: LocalRuntime, say: (line: string) => void): FileWatch {
  let reloads = 0;
  return watchBotFiles(path, (files) => {
    let loaded;
    try {
      loaded = loadRunnableBot(path);
    } catch (error) {
      // A file deleted or unreadable mid-edit: the bot as it was keeps answering.
      const message = error instanceof BotLoadError ? error.message : (error as Error).message;
      say(`(not reloaded: ${message}; the previous version keeps answering)`);
      return;
    }
    const errors = formatErrors(loaded.diagnostics, loaded.sources, loaded.root);
    if (errors.length > 0) {
      for (const line of errors) say(line);
      say(`(not reloaded: ${errors.length} error${errors.length === 1 ? "" : "s"}; the previous version keeps answering)`);
      return;
    }
    const moved = runtime.swap(loaded.ir);
    reloads++;
    say(
      `(reloaded #${reloads} after ${files.join(", ")} changed: ${loaded.ir.triggers.length} triggers; your variables and history are kept` +
        `${moved.length > 0 ? `; ${moved.join(", ")} moved to default (their topic is gone)` : ""})`,
    );
  });
}
