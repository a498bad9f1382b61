/**
 * @module Whether a compiled IR file is older than its sources: the `.bot`/`.rive` files and bot.config.yaml it
 * recorded (`ir.sources`) are hashed again where `bot compile -o` found them, and a folder is listed for new files.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { BotIR } from "../compiler/ir/types.ts";
import { sha256 } from "../compiler/3-emit/sources.ts";
import { CONFIG_FILE_NAME } from "../runtime/bot-config.ts";
import { listBotSourcePaths } from "./load-bot.ts";

export type Freshness =
  | { status: "fresh"; root: string }
  | { status: "stale"; root: string; changed: string[]; added: string[]; removed: string[] }
  /** The sources are not there (the IR was deployed without them): nothing to compare with. */
  | { status: "unchecked"; root: string; reason: string };

export function checkFreshness(irFile: string, ir: BotIR): Freshness {
  const root = resolve(dirname(irFile), ir.sources.root ?? ".");
  const recorded = new Map(ir.sources.files.map((f) => [f.path, f.sha256]));
  const isFolder = existsSync(root) && statSync(root).isDirectory();
  const present = isFolder ? [...recorded.keys()].filter((path) => existsSync(join(root, path))) : [];
  if (present.length === 0) {
    return { status: "unchecked", root, reason: `none of the ${recorded.size} source file(s) it was compiled from is in ${root}` };
  }
  const changed = present.filter((path) => sha256(readFileSync(join(root, path), "utf8")) !== recorded.get(path));
  const removed = [...recorded.keys()].filter((path) => !present.includes(path));
  const now = [...(ir.sources.folder ? listBotSourcePaths(root) : []), ...(existsSync(join(root, CONFIG_FILE_NAME)) ? [CONFIG_FILE_NAME] : [])];
  const added = now.filter((path) => !recorded.has(path));
  if (changed.length + removed.length + added.length === 0) return { status: "fresh", root };
  return { status: "stale", root, changed, added, removed };
}

/** The warning `bot run` logs for a stale IR: what changed, and the command that brings it up to date. */
export function staleMessage(irFile: string, freshness: Extract<Freshness, { status: "stale" }>, cwd = process.cwd()): string {
  const parts = [
    freshness.changed.length > 0 && `changed ${freshness.changed.join(", ")}`,
    freshness.added.length > 0 && `added ${freshness.added.join(", ")}`,
    freshness.removed.length > 0 && `removed ${freshness.removed.join(", ")}`,
  ].filter(Boolean);
  const shown = (path: string) => relative(cwd, path) || ".";
  return (
    `${shown(irFile)} is out of date: since it was compiled, its sources in ${shown(freshness.root)} have ${parts.join("; ")}. ` +
    `It runs as compiled; run bot compile ${shown(freshness.root)} -o ${shown(irFile)} to update it.`
  );
}
