/**
 * @module Watching a bot's files while developing (`bot run --watch`, `bot chat --watch`): every change to a
 * `.bot` or `.rive` file or to `bot.config.yaml` under the bot folder calls `onChange` once the saves have
 * settled (debounced), so an editor's write-rename-delete of one save is one reload. Node's own recursive
 * `fs.watch` (Linux since Node 20); the runtime's `.bot/` folder (its database) and `node_modules` are ignored.
 */
import fs from "node:fs";
import path from "node:path";

export interface FileWatch {
  close(): void;
}

const WATCHED = /(\.bot|\.rive|(^|[\\/])bot\.config\.yaml)$/;

export function isWatchedFile(relative: string): boolean {
  const parts = relative.split(/[\\/]/);
  if (parts.includes("node_modules") || parts.includes(".git") || parts[0] === ".bot") return false;
  return WATCHED.test(relative);
}

export function watchBotFiles(target: string, onChange: (files: string[]) => void, options: { debounceMs?: number } = {}): FileWatch {
  const full = path.resolve(target);
  const isFile = fs.statSync(full).isFile();
  const dir = isFile ? path.dirname(full) : full;
  const debounceMs = options.debounceMs ?? 150;
  let timer: NodeJS.Timeout | null = null;
  const changed = new Set<string>();
  const watcher = fs.watch(dir, { recursive: !isFile }, (_event, name) => {
    if (name === null) return;
    const relative = name.toString();
    if (isFile ? path.join(dir, relative) !== full && !relative.endsWith("bot.config.yaml") : !isWatchedFile(relative)) return;
    changed.add(relative);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      const files = [...changed];
      changed.clear();
      onChange(files);
    }, debounceMs);
  });
  // A watched folder that disappears (moved, deleted) must not crash the process: the reload reports it.
  watcher.on("error", () => undefined);
  return {
    close() {
      if (timer) clearTimeout(timer);
      watcher.close();
    },
  };
}
