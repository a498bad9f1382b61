/**
 * @module Whether a compiled IR file is older than its sources: the `.bot`/`.rive` files and bot.config.yaml it
 * recorded (`ir.sources`) are hashed again where `bot compile -o` found them, and a folder is listed for new files.
 *
 * The IR names what to read, so a hand-edited or hostile IR could name `/dev/zero`, a FIFO or any file on the
 * machine. The check reads only regular files inside the bot folder the IR records (`sources.root`, relative to
 * the IR, as `bot compile -o` writes it), at most `MAX_SOURCE_BYTES` each, and never blocks: anything else is
 * skipped with a reason `bot run` warns about, and the run goes on.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import type { BotIR } from "../compiler/ir/types.ts";
import { sha256 } from "../compiler/3-emit/sources.ts";
import { isSourceFile } from "../compiler/source-files.ts";
import { CONFIG_FILE_NAME } from "../runtime/bot-config.ts";
import { isSkippedFolder } from "./load-bot.ts";
import { includedFolders, otherProjectAt } from "./nested-projects.ts";
import type { IncludedFolders } from "./nested-projects.ts";

/** A source larger than this is not read for the check (a `.bot` file of 10 MB is already far beyond any real bot). */
export const MAX_SOURCE_BYTES = 10 * 1024 * 1024;
/** Folder entries the listing for new files looks at before giving up (a root such as `/` must not walk the disk). */
export const MAX_LISTED_ENTRIES = 50_000;

/** A recorded file (or the folder) the check did not read, and why: `bot run` warns with `reason`. */
export interface Skipped {
  path: string;
  reason: string;
}

export type Freshness = (
  | { status: "fresh"; root: string }
  | { status: "stale"; root: string; changed: string[]; added: string[]; removed: string[] }
  /** The sources are not there (the IR was deployed without them): nothing to compare with. */
  | { status: "unchecked"; root: string; reason: string }
) & {
  /** Present when something was not read; its files count as neither changed nor removed. */
  skipped?: Skipped[];
};

type Read = { kind: "text"; text: string } | { kind: "missing" } | { kind: "skipped"; reason: string };

export function checkFreshness(irFile: string, ir: BotIR): Freshness {
  const recordedRoot = ir.sources.root ?? ".";
  const root = resolve(dirname(irFile), recordedRoot);
  if (isAbsolute(recordedRoot)) {
    const skipped = [
      { path: recordedRoot, reason: `its sources folder ${recordedRoot} is an absolute path, and bot compile -o records it relative to the IR` },
    ];
    return { status: "unchecked", root, reason: "its sources folder is an absolute path", skipped };
  }
  let realRoot: string | null;
  try {
    realRoot = statSync(root).isDirectory() ? realpathSync(root) : null;
  } catch {
    realRoot = null;
  }
  const recorded = new Map(ir.sources.files.map((f) => [f.path, f.sha256]));
  const skipped: Skipped[] = [];
  const changed: string[] = [];
  const removed: string[] = [];
  let present = 0;
  for (const [path, hash] of recorded) {
    const read = realRoot === null ? ({ kind: "missing" } as const) : readSource(root, realRoot, path);
    if (read.kind === "skipped") skipped.push({ path, reason: read.reason });
    else if (read.kind === "missing") removed.push(path);
    else {
      present += 1;
      if (sha256(read.text) !== hash) changed.push(path);
    }
  }
  const withSkipped = skipped.length > 0 ? { skipped } : {};
  if (present === 0) {
    const reason =
      skipped.length > 0
        ? `none of the ${recorded.size} source file(s) it was compiled from could be read safely in ${root}`
        : `none of the ${recorded.size} source file(s) it was compiled from is in ${root}`;
    return { status: "unchecked", root, reason, ...withSkipped };
  }
  const listing: { paths: string[]; reason?: string } = ir.sources.folder ? listSources(root) : { paths: [] };
  if (listing.reason !== undefined) skipped.push({ path: recordedRoot, reason: listing.reason });
  const now = [...listing.paths, ...(regularFile(join(root, CONFIG_FILE_NAME)) ? [CONFIG_FILE_NAME] : [])];
  const added = now.filter((path) => !recorded.has(path));
  const result: Freshness =
    changed.length + removed.length + added.length === 0 ? { status: "fresh", root } : { status: "stale", root, changed, added, removed };
  return skipped.length > 0 ? { ...result, skipped } : result;
}

/**
 * One recorded source, read only if it is a regular file inside the bot folder (symlinks resolved) and not too big.
 * Opened non-blocking, so a FIFO swapped in after the check cannot hang the start, and judged again on the open file.
 */
function readSource(root: string, realRoot: string, path: string): Read {
  const normal = posix.normalize(path);
  const outside = path.includes("\0") || path.includes("\\") || isAbsolute(path) || normal === ".." || normal.startsWith("../");
  // Named as the file it would be (the recorded path alone, `zero`, says little when the folder is /dev).
  const file = outside ? path : join(root, normal);
  const shown = (why: string) => ({ kind: "skipped", reason: `${file} ${why}; it was not checked for changes` }) as const;
  if (outside) return shown("is outside the bot folder");
  let real: string;
  try {
    real = realpathSync(join(root, normal));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? { kind: "missing" } : shown(`cannot be read (${(error as Error).message})`);
  }
  const inside = relative(realRoot, real);
  if (inside === "" || inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return shown("is outside the bot folder");
  let fd: number;
  try {
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    return shown(`cannot be read (${(error as Error).message})`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return shown("is not a regular file");
    if (stat.size > MAX_SOURCE_BYTES) return shown(`is ${stat.size} bytes, over the ${MAX_SOURCE_BYTES} bytes the check reads`);
    return { kind: "text", text: readFileSync(fd, "utf8") };
  } catch (error) {
    return shown(`cannot be read (${(error as Error).message})`);
  } finally {
    closeSync(fd);
  }
}

function regularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The `.bot`/`.rive` files under the bot folder as `bot compile` lists them, looking at no more than `MAX_LISTED_ENTRIES` entries. */
function listSources(root: string): { paths: string[]; reason?: string } {
  const paths: string[] = [];
  const pending = [root];
  let seen = 0;
  let included: IncludedFolders | undefined;
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (++seen > MAX_LISTED_ENTRIES) return { paths: [], reason: `holds more than ${MAX_LISTED_ENTRIES} entries, so it was not listed for new sources` };
      // Other projects below the bot are not its sources (./nested-projects.ts), as for bot compile.
      if (entry.isDirectory() && !isSkippedFolder(entry.name)) {
        if (otherProjectAt(root, join(dir, entry.name), (included ??= includedFolders(root))) === null) pending.push(join(dir, entry.name));
      } else if (entry.isFile() && isSourceFile(entry.name)) paths.push(relative(root, join(dir, entry.name)).split(sep).join("/"));
    }
  }
  return { paths: paths.sort() };
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
