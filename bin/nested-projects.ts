/**
 * @module Nested projects: a sub-folder of a bot with its own `package.json` or `bot.config.yaml` is another
 * project (`bot init newproj` inside a bot), so the folder's bot does not load its files, unless the bot's
 * `bot.config.yaml` lists it under `include:`. Loaders list what they left out; commands print a note line.
 */
import { existsSync } from "node:fs";
import { relative, sep } from "node:path";
import { displayPath } from "../compiler/diagnostics/paths.ts";
import { CONFIG_FILE_NAME, loadConfig } from "../runtime/bot-config.ts";

/** Folders (relative to the bot root, `/`-separated, no trailing `/`) that `include:` brings in. */
export type IncludedFolders = ReadonlySet<string>;

export interface OtherProject {
  /** The sub-folder, absolute. */
  folder: string;
  /** The file that makes it a project of its own. */
  marker: "package.json" | typeof CONFIG_FILE_NAME;
}

const MARKERS = ["package.json", CONFIG_FILE_NAME] as const;

/** `include:` of the bot's config, normalised; a broken config includes nothing (its loader reports it). */
export function includedFolders(root: string): IncludedFolders {
  const listed = loadConfig(root).config["include"];
  if (!Array.isArray(listed)) return new Set();
  return new Set(listed.filter((f): f is string => typeof f === "string").map((f) => f.replace(/\\/g, "/").replace(/^\.\//, "").replace(/\/+$/, "")));
}

/** The other project at `dir` (a folder below `root`), or null when it belongs to the bot. */
export function otherProjectAt(root: string, dir: string, included: IncludedFolders): OtherProject | null {
  const marker = MARKERS.find((name) => existsSync(`${dir}${sep}${name}`));
  if (marker === undefined) return null;
  if (included.has(relative(root, dir).split(sep).join("/"))) return null;
  return { folder: dir, marker };
}

/** The note lines for what a loader left out, paths shown from `cwd`. */
export function otherProjectNotes(otherProjects: readonly OtherProject[] | undefined, cwd: string = process.cwd()): string[] {
  return (otherProjects ?? []).map(
    (p) =>
      `note: ${displayPath(p.folder, cwd)}/ has its own ${p.marker}: another project, not loaded into this bot (list it under include: in ${CONFIG_FILE_NAME} to load it)`,
  );
}
