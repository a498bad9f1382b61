/** @module The bot folder's files an operator may attach from the inbox's media picker: those the MMS media rule accepts, hidden folders and the runtime's own left out. */
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { checkMedia } from "../media/bot-folder.ts";

const MAX_FILES = 500;
const SKIP = new Set(["node_modules", ".bot", ".git"]);

export function listMediaFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 6 || found.length >= MAX_FILES) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith(".") || SKIP.has(entry.name)) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full, depth + 1);
      else if (entry.isFile() && !/\.(bot|rive|ya?ml|json|md|ts|js|txt)$/i.test(entry.name)) {
        const path = relative(root, full).split(sep).join("/");
        if (checkMedia(path, root).ok) found.push(path);
      }
      if (found.length >= MAX_FILES) return;
    }
  };
  walk(root, 0);
  return found;
}
