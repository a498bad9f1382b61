/** @module `bot run`: serves a bot on SMS: real Twilio with credentials, otherwise a sandbox with the local emulator. */
import { redactUrlsIn } from "../../runtime/log/redact-url.ts";
import { loadConfig as loadBotConfig } from "../../runtime/bot-config.ts";
import { parseRuntimeSettings } from "../../runtime/runtime-settings.ts";
import { resolveHelpMode } from "../../sms/keywords/index.ts";
import { resolve } from "node:path";
import type { Command } from "commander";
import { BotLoadError, loadRunnableBot } from "../load-bot.ts";
import { checkFreshness, staleMessage } from "../stale-ir.ts";
import type { LoadedBot } from "../load-bot.ts";
import { formatErrors } from "../../sandbox/local/diagnostics.ts";
import { openSenderMeter } from "../../runtime/sending/index.ts";
import { parseBroadcastSettings } from "../../runtime/broadcast/settings.ts";
import { loadConfig } from "../../runtime/config.ts";
import type { CliOptions, RuntimeConfig } from "../../runtime/config.ts";
import { createLogger, type Logger } from "../../runtime/log/logger.ts";
import { createSqliteStore, StoreError } from "../../runtime/store/index.ts";
import type { Store } from "../../runtime/store/index.ts";
import { startEmulator } from "../../sandbox/emulator/index.ts";
import type { Emulator } from "../../sandbox/emulator/index.ts";
import { createTwilioClient } from "../../runtime/twilio/client.ts";
import { startServer } from "../../runtime/server/index.ts";
import { closeMacroPool } from "../../runtime/adapters/macro-pool.ts";
import type { UserLock } from "../../runtime/outbox/index.ts";
import type { RunningServer } from "../../runtime/server/index.ts";
import { createSimulatorRouter } from "../../sandbox/simulator/index.ts";
import { recordRunningSandbox } from "../../sandbox/state/running.ts";
import { attachBroadcasting } from "../../runtime/broadcast/index.ts";
import { tokenFromEnv, tokenProblem } from "../../runtime/api/index.ts";
import type { Broadcasting } from "../../runtime/broadcast/index.ts";
import { setupRunVersions } from "../run-versions.ts";
import type { RunVersions } from "../run-versions.ts";
import { metricsSettingsFromEnv } from "../../runtime/metrics/index.ts";
import { drainSettingsFromEnv } from "../../runtime/server/drain.ts";
import { openSpool, spoolSettingsFromEnv } from "../../runtime/spool/index.ts";
import type { Spool } from "../../runtime/spool/index.ts";
import { createRequire } from "node:module";

/** The sender the sandbox uses when TWILIO_FROM is not set (Twilio's magic test number). */
const SANDBOX_FROM = "+15005550006";

export function registerRun(program: Command): Command {
  return program
    .command("run")
    .argument("<bot>", "a .bot or .rive file, a folder of them, or compiled IR (.json from bot compile -o)")
    .option("--port <port>", "port to listen on (env PORT; default 3000)")
    .option("--public-url <url>", "the public base URL Twilio reaches, e.g. https://bot.example.com (env BOT_PUBLIC_URL)")
    .option("--db <path>", "SQLite database file (env BOT_DB; default <bot folder>/.bot/bot.db); DATABASE_URL (PostgreSQL) wins over it when set")
    .option("--log-level <level>", "fatal, error, warn, info, debug, trace or silent (env BOT_LOG_LEVEL; default info)")
    .option("--ordering <mode>", "strict (wait for each message's status) or relaxed (env BOT_ORDERING; default strict)")
    .option("--live", "run the live published version and follow it, whatever these files are (docs/versions.md)")
    .option("--watch", "recompile on every save of the bot's files; a build without errors is published and swapped in without a restart")
    .action(async (path: string, flags: CliOptions & VersionFlags) => {
      const code = await run(path, flags);
      // Everything is closed and written by now (stdout and stderr are synchronous on pipes and files). Exit here
      // rather than by letting the event loop drain: the environment's teardown collects better-sqlite3 12's
      // statements, and on Node 24 that can abort in their destructor (RemoveEnvironmentCleanupHook's check).
      process.exit(code);
    });
}

interface VersionFlags {
  live?: boolean;
  watch?: boolean;
}

async function run(path: string, flags: CliOptions & VersionFlags): Promise<number> {
  let loaded: LoadedBot;
  try {
    loaded = loadRunnableBot(path);
  } catch (error) {
    if (!(error instanceof BotLoadError)) throw error;
    console.error(`bot run: ${redactUrlsIn(error.message)}`);
    return 2;
  }
  const errors = formatErrors(loaded.diagnostics, loaded.sources, loaded.root);
  for (const line of errors) console.error(line);
  if (errors.length > 0) {
    console.error(`bot run: ${path} has ${errors.length} error${errors.length === 1 ? "" : "s"}; fix them before running it`);
    return 1;
  }

  const result = loadConfig(process.env, flags, loaded.root);
  if (!result.ok) {
    for (const line of result.errors) console.error(`bot run: ${line}`);
    return 2;
  }
  const config: RuntimeConfig = result.config;
  // A guessable console token is refused before anything listens (the console may listen on every interface).
  const consoleToken = tokenFromEnv(process.env);
  const weakToken = consoleToken === null ? null : tokenProblem(consoleToken);
  if (weakToken !== null) {
    console.error(`bot run: ${weakToken}`);
    return 2;
  }
  const metricsSettings = metricsSettingsFromEnv(process.env);
  if (!metricsSettings.ok) {
    console.error(`bot run: ${metricsSettings.error}`);
    return 2;
  }
  const drainSettings = drainSettingsFromEnv(process.env);
  if (!drainSettings.ok) {
    console.error(`bot run: ${drainSettings.error}`);
    return 2;
  }
  const spoolSettings = spoolSettingsFromEnv(process.env, loaded.root);
  if (!spoolSettings.ok) {
    console.error(`bot run: ${spoolSettings.error}`);
    return 2;
  }
  const botConfig = loadBotConfig(loaded.root).config;
  const botConfigRuntime = botConfig.runtime;
  const runtimeSection = parseRuntimeSettings(botConfigRuntime);
  const help = resolveHelpMode(process.env, botConfigRuntime);
  const settingErrors = [...runtimeSection.errors, ...help.errors];
  if (settingErrors.length > 0) {
    for (const line of settingErrors) console.error(`bot run: ${line}`);
    return 2;
  }
  Object.assign(config, runtimeSection.settings, { help: help.mode });
  const logger = createLogger({ level: config.logLevel });
  if (loaded.sources.length === 0) reportCompiledIR(path, loaded, logger);

  // Refused now, not during an outage, when webhooks could not be kept there.
  let spool: Spool;
  try {
    spool = openSpool({ settings: spoolSettings.settings, logger, clock: { now: () => Date.now() } });
  } catch (error) {
    console.error(`bot run: ${(error as Error).message}`);
    return 1;
  }
  let store: Store;
  let lock: UserLock | undefined;
  let database = config.dbPath;
  try {
    if (config.databaseUrl) {
      // Loaded only when asked for: most bots run on the embedded SQLite file.
      const postgres = await import("../../runtime/store/postgres/from-env.ts");
      database = postgres.redactUrl(config.databaseUrl);
      const settings = config.postgres;
      const opened = await postgres.openStoreWithRetry(
        config.databaseUrl,
        {
          max: settings.pool,
          statementTimeoutMs: settings.statementTimeoutMs,
          connectionTimeoutMs: settings.connectTimeoutMs,
          onTrouble: (event, error) => {
            const what =
              event === "liveness-lost"
                ? "the process liveness connection was lost (re-taking it)"
                : event === "lock-release-failed"
                  ? "a user lock could not be released (retrying)"
                  : "a pooled connection failed (dropped; the next query reconnects)";
            logger.warn(
              { event: `postgres.${event}`, err: error },
              `PostgreSQL: ${what}: ${(error as Error).message}. Webhooks answer 503 while the database is away; queued work resumes when it is back.`,
            );
          },
        },
        {
          timeoutMs: settings.startTimeoutMs,
          onRetry: (error, waitMs, attempt) =>
            console.error(
              `bot run: ${error.message} Retrying in ${(waitMs / 1000).toFixed(1)} s (attempt ${attempt}; giving up after BOT_PG_START_TIMEOUT_MS=${settings.startTimeoutMs} ms).`,
            ),
        },
      );
      [store, lock] = [opened, opened.userLock];
    } else {
      store = createSqliteStore(config.dbPath, { synchronous: config.dbSync });
    }
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    console.error(`bot run: ${redactUrlsIn(error.message)}`);
    return 1;
  }

  // Webhooks a process that died had spooled go in before any new one.
  await spool.replay(store).catch(() => undefined);

  // Which version runs (docs/versions.md): files never published are published; a stored one never changes what is live.
  const versionSetup = await setupRunVersions({
    path,
    files: loaded.ir,
    config,
    logger,
    live: flags.live === true,
    watch: flags.watch === true,
    ...(process.env["BOT_VERSION_POLL_MS"] && { pollMs: Number(process.env["BOT_VERSION_POLL_MS"]) }),
  });
  if (!versionSetup.ok) {
    console.error(`bot run: ${versionSetup.message}`);
    await store.close();
    return versionSetup.code;
  }
  const runVersions: RunVersions = versionSetup.versions;

  let emulator: Emulator | null = null;
  let broadcasting: Broadcasting | null = null;
  let server: RunningServer;
  try {
    if (config.mode === "sandbox") {
      emulator = await startEmulator({ log: (line) => logger.info({ component: "emulator" }, line) });
      config.twilio = {
        accountSid: emulator.accountSid,
        authToken: emulator.authToken,
        from: process.env["TWILIO_FROM"] || SANDBOX_FROM,
        messagingServiceSid: null,
        baseUrl: emulator.url,
      };
    }
    const settings = config.twilio!;
    const twilio = createTwilioClient({
      accountSid: settings.accountSid,
      authToken: settings.authToken,
      timeoutMs: config.sendTimeoutMs,
      ...(settings.baseUrl !== null && { baseUrl: settings.baseUrl }),
    });
    const sandbox = emulator;
    const attached = attachBroadcasting({ bot: runVersions.holder, ir: runVersions.ir, root: loaded.root, config, store, logger });
    broadcasting = attached;
    server = await startServer({
      ir: runVersions.ir,
      bot: runVersions.holder,
      versions: runVersions.status,
      root: loaded.root,
      store,
      twilio,
      config,
      logger,
      ...(lock && { lock }),
      workers: config.workers,
      metrics: { ...metricsSettings.settings, version: packageVersion() },
      spool,
      meter: openSenderMeter({
        store,
        config: botConfig.sender,
        from: settings.from,
        messagingServiceSid: settings.messagingServiceSid,
        segmentRates: parseBroadcastSettings(botConfig.broadcast).settings.segmentRates,
        clock: { now: () => Date.now() },
      }),
      // /api and /dashboard (token protected) over the broadcast service.
      ...(attached.service && { console: { service: attached.service, versions: runVersions.service } }),
      // In the sandbox, a page at /simulator/ to text the bot as a phone.
      routers: () =>
        sandbox
          ? [
              createSimulatorRouter({
                emulatorUrl: sandbox.url,
                botNumber: settings.from ?? SANDBOX_FROM,
                store,
                help: config.help,
                logger,
                version: () => runVersions.holder.current().version,
              }),
            ]
          : [],
    });
    const running = server;
    attached.setKick(() => running.dispatcher.kick());
    await runVersions.follow();
    if (running.metricsUrl)
      logger.info(
        { event: "metrics.listening", url: running.metricsUrl, token: metricsSettings.settings.token !== null },
        `Prometheus metrics at ${running.metricsUrl}${metricsSettings.settings.token !== null ? " (Bearer BOT_METRICS_TOKEN)" : " (no token: set BOT_METRICS_TOKEN when this port is reachable from outside)"}`,
      );
  } catch (error) {
    console.error(`bot run: ${redactUrlsIn((error as Error).message)}`);
    await broadcasting?.close();
    await emulator?.close();
    await runVersions.close();
    await spool.stop();
    await store.close();
    return 1;
  }

  let forgetSandbox = () => {};
  if (emulator) {
    emulator.configure({ webhookUrl: `${server.url}/sms` });
    console.log(`bot run: sandbox mode (no TWILIO_* credentials): replies go to a local Twilio emulator, nothing leaves this machine.`);
    console.log(`  bot      ${server.url}  (webhook ${server.url}/sms)`);
    console.log(`  emulator ${emulator.url}`);
    console.log(`  phone    ${server.url}/simulator/  (open it in a browser to text the bot)`);
    if (broadcasting.service !== null && process.env["BOT_DASHBOARD_TOKEN"])
      console.log(`  dashboard ${server.url}/dashboard  (sign in with BOT_DASHBOARD_TOKEN)`);
    console.log(`  database ${database}`);
    console.log(`  text the bot: curl -s ${emulator.url}/_emulator/inbound -H 'Content-Type: application/json' \\`);
    console.log(`                  -d '{"from":"+15550001111","to":"${config.twilio!.from}","body":"hello"}'`);
    console.log(`  see replies:  curl -s '${emulator.url}/_emulator/messages?to=%2B15550001111'`);
    // So that `bot broadcast` without credentials can send through this emulator (sandbox/state/running.ts).
    forgetSandbox = recordRunningSandbox(loaded.root, {
      pid: process.pid,
      botUrl: server.url,
      emulatorUrl: emulator.url,
      accountSid: emulator.accountSid,
      authToken: emulator.authToken,
      from: config.twilio!.from ?? SANDBOX_FROM,
      database,
      startedAt: Date.now(),
    });
  } else {
    console.log(
      `bot run: serving ${path} on ${server.url}; in the Twilio console set the number's "A message comes in" webhook to ${server.publicUrl}/sms (HTTP POST).`,
    );
  }

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  // A second signal means now: what is running is left in the database, as after a crash.
  const now = (second: NodeJS.Signals) => {
    logger.warn(
      { event: "shutdown.forced", signal: second },
      `${second} during the drain: exiting now. Steps and sends in flight are left in the database; a peer or the next start finishes them.`,
    );
    process.exit(1);
  };
  process.once("SIGINT", now);
  process.once("SIGTERM", now);
  logger.info(
    { event: "shutdown", signal },
    `${signal}: draining, then stopping; pending messages, delays and reminders stay in the database for the next start`,
  );
  const drained = await server.drain(drainSettings.settings);
  forgetSandbox();
  // Past the timeout, steps may still be running: the database closes under them and the process goes,
  // whatever still waits on a connection.
  if (drained.timedOut) setTimeout(() => process.exit(0), 2_000).unref();
  else await server.close();
  await closeMacroPool();
  await broadcasting?.close();
  await emulator?.close();
  await runVersions.close();
  await spool.stop();
  await store.close();
  return 0;
}

function packageVersion(): string {
  return (createRequire(import.meta.url)("dexter-bot/package.json") as { version: string }).version;
}

/** For compiled IR: which compiler wrote it, and a warning when its sources have changed since. */
function reportCompiledIR(path: string, loaded: LoadedBot, logger: Logger): void {
  const { ir } = loaded;
  const freshness = checkFreshness(resolve(path), ir);
  const stamp = { irVersion: ir.irVersion, compiler: `${ir.compiler.name} ${ir.compiler.version}`, sourcesSha256: ir.sources.sha256 };
  // What the check would not read (outside the bot folder, not a regular file, too big): warned about, never fatal.
  for (const skipped of freshness.skipped ?? []) logger.warn({ event: "ir.source-skipped", file: skipped.path }, skipped.reason);
  switch (freshness.status) {
    case "fresh":
      logger.info({ event: "ir.loaded", ...stamp }, `running ${path}, compiled by ${stamp.compiler}; its sources are unchanged`);
      return;
    case "unchecked":
      logger.info({ event: "ir.loaded", ...stamp }, `running ${path}, compiled by ${stamp.compiler}; not checked for changed sources: ${freshness.reason}`);
      return;
    case "stale":
      logger.warn(
        { event: "ir.stale", ...stamp, changed: freshness.changed, added: freshness.added, removed: freshness.removed },
        staleMessage(resolve(path), freshness),
      );
      return;
    default: {
      const _exhaustive: never = freshness;
      throw new Error(`unknown freshness ${JSON.stringify(_exhaustive)}`);
    }
  }
}
