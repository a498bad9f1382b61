/**
 * @module `bot run`'s versions: which version it starts with (runtime/versions/choose.ts), following the live
 * version while it runs, and `--watch` (each save recompiled; a build without errors published and swapped in,
 * one with errors printed while the previous version keeps answering).
 */
import type { Logger } from "pino";
import type { BotIR } from "../compiler/ir/types.ts";
import { engineEnv } from "../runtime/adapters/engine-env.ts";
import type { RuntimeConfig } from "../runtime/config.ts";
import { redactUrlsIn } from "../runtime/log/redact-url.ts";
import { StoreError } from "../runtime/store/index.ts";
import type { VersionStore } from "../runtime/store/versions/types.ts";
import { chooseVersion } from "../runtime/versions/choose.ts";
import type { ChoiceNote } from "../runtime/versions/choose.ts";
import { startFollowing } from "../runtime/versions/follow.ts";
import type { Follower, FollowStatus } from "../runtime/versions/follow.ts";
import { createBotHolder } from "../runtime/versions/holder.ts";
import type { BotHolder } from "../runtime/versions/holder.ts";
import { openVersionStore } from "../runtime/versions/open.ts";
import { newVersionOf } from "../runtime/versions/summary.ts";
import { createVersionsService } from "../runtime/versions/service.ts";
import type { CompiledFiles, VersionsService } from "../runtime/versions/service.ts";
import { formatErrors } from "../sandbox/local/diagnostics.ts";
import { watchBotFiles } from "../sandbox/local/watch-files.ts";
import type { FileWatch } from "../sandbox/local/watch-files.ts";
import { BotLoadError, loadRunnableBot } from "./load-bot.ts";

export interface RunVersions {
  ir: BotIR;
  holder: BotHolder;
  /** For the web console: list, publish the files, make a version live. */
  service: VersionsService;
  status(): FollowStatus;
  /** Starts following (and watching, with `--watch`); `onReload` is told each swap (the simulator shows it). */
  follow(onReload?: (version: number) => void): Promise<void>;
  close(): Promise<void>;
}

export interface RunVersionsOptions {
  path: string;
  files: BotIR;
  config: RuntimeConfig;
  logger: Logger;
  live: boolean;
  watch: boolean;
  /** How often to check the live version (BOT_VERSION_POLL_MS; default 1 s on SQLite, 5 s on PostgreSQL, which is told by NOTIFY). */
  pollMs?: number;
}

export type RunVersionsResult = { ok: true; versions: RunVersions } | { ok: false; code: number; message: string };

export async function setupRunVersions(options: RunVersionsOptions): Promise<RunVersionsResult> {
  const { config, logger } = options;
  let store: VersionStore;
  try {
    store = await openVersionStore(config);
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    return { ok: false, code: 1, message: redactUrlsIn(error.message) };
  }
  const by = options.watch ? "bot run --watch" : "bot run";
  // --watch runs the files being edited: they are published (made live) first when they differ from the live version.
  if (options.watch && !options.live) await store.publish(newVersionOf(options.files, by, "bot run --watch started"), Date.now());
  const choice = await chooseVersion(store, options.files, { live: options.live, by, at: Date.now() });
  if (choice.type === "refused") {
    await store.close();
    return { ok: false, code: 2, message: choice.message };
  }
  logChoice(logger, choice.version, choice.note);
  const clock = { now: () => Date.now() };
  const holder = createBotHolder(choice.ir, choice.version, (ir) => engineEnv({ ir, clock, logger, config }));
  let follower: Follower | null = null;
  let watch: FileWatch | null = null;
  const pollMs = options.pollMs ?? (config.databaseUrl ? 5000 : 1000);

  const reload = async (files: string[]) => {
    console.error(`bot run --watch: ${files.join(", ")} changed; recompiling`);
    let loaded;
    try {
      loaded = loadRunnableBot(options.path);
    } catch (error) {
      // A file deleted or unreadable mid-edit: the running version stays.
      const message = error instanceof BotLoadError ? error.message : (error as Error).message;
      console.error(`bot run --watch: ${redactUrlsIn(message)}; still answering with version ${holder.current().version}`);
      return;
    }
    const errors = formatErrors(loaded.diagnostics, loaded.sources, loaded.root);
    for (const line of errors) console.error(line);
    if (errors.length > 0) {
      console.error(
        `bot run --watch: ${errors.length} error${errors.length === 1 ? "" : "s"}; still answering with version ${holder.current().version} (fix and save again)`,
      );
      return;
    }
    const result = await store.publish(newVersionOf(loaded.ir, by, "reloaded on save"), Date.now());
    if (result.type === "unchanged") {
      console.error(`bot run --watch: no change to the compiled bot; still version ${result.version.number}`);
      return;
    }
    await follower?.check();
    console.error(`bot run --watch: reloaded as version ${result.version.number}; users' state and conversations are kept`);
  };

  const status = (): FollowStatus => follower?.status() ?? { running: holder.current().version, live: choice.version, problem: null };
  return {
    ok: true,
    versions: {
      ir: choice.ir,
      holder,
      service: createVersionsService({
        store,
        compile: () => compileFiles(options.path),
        status,
        changed: async () => follower?.check(),
        now: () => Date.now(),
      }),
      status,
      async follow(onReload) {
        follower = await startFollowing({ versions: store, holder, logger, pollMs, ...(onReload && { onSwap: onReload }) });
        if (options.watch) {
          let queue = Promise.resolve();
          watch = watchBotFiles(options.path, (files) => {
            queue = queue.then(() =>
              reload(files).catch((error: unknown) => console.error(`bot run --watch: reload failed: ${redactUrlsIn((error as Error).message)}`)),
            );
          });
        }
      },
      async close() {
        watch?.close();
        await follower?.stop();
        await store.close();
      },
    },
  };
}

/** The bot's files compiled as `bot publish` compiles them, for `POST /api/versions`. */
function compileFiles(path: string): CompiledFiles {
  try {
    const loaded = loadRunnableBot(path);
    if (loaded.sources.length === 0) return { ok: false, errors: [`${path} is compiled IR, not the bot's files: publish with bot publish <bot folder>`] };
    const errors = formatErrors(loaded.diagnostics, loaded.sources, loaded.root);
    return errors.length > 0 ? { ok: false, errors } : { ok: true, ir: loaded.ir };
  } catch (error) {
    if (error instanceof BotLoadError) return { ok: false, errors: [error.message] };
    throw error;
  }
}

function logChoice(logger: Logger, version: number, note: ChoiceNote): void {
  switch (note.kind) {
    case "published":
      logger.info(
        { event: "versions.published", version, previous: note.previous, by: "bot run" },
        `published these files as version ${version}${note.previous === null ? "" : ` (was ${note.previous})`}, now live for every process on this database`,
      );
      return;
    case "live-is-files":
      logger.info({ event: "versions.running", version }, `running version ${version} (the live version; the same as these files)`);
      return;
    case "files-are-older":
      logger.warn(
        { event: "versions.files-older", version, files: note.files },
        `these files are version ${note.files}, but version ${version} is live: running version ${version}. ` +
          `A restarted process never rolls the live version back; to make ${note.files} live, run bot rollback <bot> ${note.files}`,
      );
      return;
    case "live-only":
      logger.info({ event: "versions.running", version }, `running the live version ${version} (--live) and following it`);
      return;
    default: {
      const _exhaustive: never = note;
      throw new Error(`unknown note ${JSON.stringify(_exhaustive)}`);
    }
  }
}
