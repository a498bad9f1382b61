/** @module `bot publish`, `bot versions` and `bot rollback`: published versions of a bot in its database (docs/versions.md), opened as `bot run` opens it (`DATABASE_URL` wins over `--db`). */
import os from "node:os";
import type { Command } from "commander";
import { loadConfig } from "../../runtime/config.ts";
import { redactUrlsIn } from "../../runtime/log/redact-url.ts";
import { StoreError } from "../../runtime/store/index.ts";
import type { VersionStore, VersionSummary } from "../../runtime/store/versions/types.ts";
import { openVersionStore } from "../../runtime/versions/open.ts";
import { diffTriggers, newVersionOf } from "../../runtime/versions/summary.ts";
import { inertLine } from "../../compiler/diagnostics/inert-text.ts";
import { formatErrors } from "../../sandbox/local/diagnostics.ts";
import { BotLoadError, loadRunnableBot } from "../load-bot.ts";
import type { LoadedBot } from "../load-bot.ts";

interface DbFlags {
  db?: string;
}

const DB_HELP = "SQLite database (env BOT_DB; default <bot folder>/.bot/bot.db); DATABASE_URL (PostgreSQL) wins, as for bot run";

export function registerPublish(program: Command): Command {
  return program
    .command("publish")
    .argument("<bot>", "the bot folder (or .bot/.rive file) to compile and publish; its folder locates the default database")
    .option("-m, --message <text>", "what this version changes, shown by bot versions")
    .option("--db <path>", DB_HELP)
    .action(async (path: string, flags: DbFlags & { message?: string }) => {
      process.exitCode = await publish(path, flags);
    });
}

export function registerVersions(program: Command): Command {
  return program
    .command("versions")
    .argument("<bot>", "the bot (its folder locates the default database)")
    .option("--db <path>", DB_HELP)
    .option("--json", "one JSON object per version")
    .action(async (path: string, flags: DbFlags & { json?: boolean }) => {
      process.exitCode = await list(path, flags);
    });
}

export function registerRollback(program: Command): Command {
  return program
    .command("rollback")
    .argument("<bot>", "the bot (its folder locates the default database)")
    .argument("[version]", "the version to make live (default: the one before the live one)")
    .option("--db <path>", DB_HELP)
    .action(async (path: string, version: string | undefined, flags: DbFlags) => {
      process.exitCode = await rollback(path, version, flags);
    });
}

/** Who published or rolled back, for the history: `cli <user>@<host>`. */
export function cliActor(): string {
  let user = process.env["USER"] ?? "unknown";
  try {
    user = os.userInfo().username;
  } catch {
    // No passwd entry (some containers): the environment's USER stands in.
  }
  return `cli ${user}@${os.hostname()}`;
}

type Opened = { ok: true; loaded: LoadedBot; versions: VersionStore } | { ok: false; code: number };

async function open(command: string, path: string, flags: DbFlags): Promise<Opened> {
  let loaded: LoadedBot;
  try {
    loaded = loadRunnableBot(path);
  } catch (error) {
    if (!(error instanceof BotLoadError)) throw error;
    console.error(`bot ${command}: ${redactUrlsIn(error.message)}`);
    return { ok: false, code: 2 };
  }
  const config = loadConfig(process.env, { ...(flags.db !== undefined && { db: flags.db }) }, loaded.root);
  if (!config.ok) {
    for (const line of config.errors) console.error(`bot ${command}: ${line}`);
    return { ok: false, code: 2 };
  }
  try {
    return { ok: true, loaded, versions: await openVersionStore(config.config) };
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    console.error(`bot ${command}: ${redactUrlsIn(error.message)}`);
    return { ok: false, code: 1 };
  }
}

async function publish(path: string, flags: DbFlags & { message?: string }): Promise<number> {
  const opened = await open("publish", path, flags);
  if (!opened.ok) return opened.code;
  const { loaded, versions } = opened;
  try {
    const errors = formatErrors(loaded.diagnostics, loaded.sources, loaded.root);
    for (const line of errors) console.error(line);
    if (errors.length > 0) {
      console.error(`bot publish: ${path} has ${errors.length} error${errors.length === 1 ? "" : "s"}; nothing was published (the live version is unchanged)`);
      return 1;
    }
    const result = await versions.publish(newVersionOf(loaded.ir, cliActor(), flags.message ?? null), Date.now());
    if (result.type === "unchanged") {
      console.log(`bot publish: version ${result.version.number} is live and has the same compiled bot; nothing published`);
      return 0;
    }
    const changes = diffTriggers(result.previous?.triggers ?? null, result.version.triggers);
    console.log(
      `bot publish: version ${result.version.number} is live${result.previous ? ` (was ${result.previous.number})` : ""}: ${result.version.triggerCount} triggers, ${describeChanges(changes)}`,
    );
    console.log("  running processes switch to it within a few seconds; steps in progress finish on the version they started with");
    return 0;
  } finally {
    await versions.close();
  }
}

async function list(path: string, flags: DbFlags & { json?: boolean }): Promise<number> {
  const opened = await open("versions", path, flags);
  if (!opened.ok) return opened.code;
  const { versions } = opened;
  try {
    const all = await versions.list();
    if (all.length === 0) {
      console.error("bot versions: nothing published yet (bot publish <bot>, or bot run publishes the files it starts with)");
      return 0;
    }
    for (const [i, v] of all.entries()) {
      const changes = diffTriggers(all[i + 1]?.triggers ?? null, v.triggers);
      if (flags.json) {
        const { triggers: _triggers, ...rest } = v;
        console.log(JSON.stringify({ ...rest, changes }));
        continue;
      }
      console.log(inertLine(summaryLine(v, describeChanges(changes))));
      for (const t of changes.added) console.log(inertLine(`      + ${t}`));
      for (const t of changes.removed) console.log(inertLine(`      - ${t}`));
      for (const t of changes.changed) console.log(inertLine(`      ~ ${t}`));
    }
    return 0;
  } finally {
    await versions.close();
  }
}

function summaryLine(v: VersionSummary, changes: string): string {
  const when = new Date(v.publishedAt).toISOString().replace(/\.\d+Z$/, "Z");
  return `${v.live ? "*" : " "} ${String(v.number).padStart(3)}  ${when}  ${v.triggerCount} triggers  ${changes}  by ${v.publishedBy}${v.message ? `  "${v.message}"` : ""}${v.live ? "  (live)" : ""}`;
}

function describeChanges(c: { added: string[]; removed: string[]; changed: string[] }): string {
  return `+${c.added.length} -${c.removed.length} ~${c.changed.length}`;
}

async function rollback(path: string, raw: string | undefined, flags: DbFlags): Promise<number> {
  if (raw !== undefined && !/^\d+$/.test(raw)) {
    console.error(`bot rollback: "${raw}" is not a version number (see bot versions ${path})`);
    return 2;
  }
  const opened = await open("rollback", path, flags);
  if (!opened.ok) return opened.code;
  const { versions } = opened;
  try {
    const all = await versions.list();
    const live = all.find((v) => v.live) ?? null;
    const listing = () => {
      if (all.length === 0) console.error("  no version is published yet");
      for (const v of all) console.error(inertLine(summaryLine(v, "")));
    };
    let target: number;
    if (raw === undefined) {
      const before = live ? all.find((v) => v.number < live.number) : undefined;
      if (!before) {
        console.error(`bot rollback: ${live ? `version ${live.number} is the first; there is none before it` : "no version is live"}. Versions:`);
        listing();
        return 2;
      }
      target = before.number;
    } else target = Number(raw);
    const result = await versions.setLive(target, Date.now(), cliActor(), "rollback");
    switch (result.type) {
      case "unknown":
        console.error(`bot rollback: there is no version ${target}. Versions:`);
        listing();
        return 2;
      case "already":
        console.log(`bot rollback: version ${target} is already live; nothing changed`);
        return 0;
      case "live":
        console.log(
          `bot rollback: version ${target} is live${result.previous ? ` (was ${result.previous.number})` : ""}; running processes switch to it within a few seconds`,
        );
        return 0;
      default: {
        const _exhaustive: never = result;
        throw new Error(`unknown result ${JSON.stringify(_exhaustive)}`);
      }
    }
  } finally {
    await versions.close();
  }
}
