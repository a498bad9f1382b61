/** @module `bot broadcast`: dry run, policy check, then durable paced delivery with a progress bar and a final report; also --resume, --cancel, --status, --list. */
import { inertJson } from "../../compiler/diagnostics/inert-text.ts";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline/promises";
import { Option } from "commander";
import type { Command } from "commander";
import cliProgress from "cli-progress";
import { formatDiagnostic } from "../../compiler/diagnostics/format.ts";
import { displayPath } from "../../compiler/diagnostics/paths.ts";
import {
  deliverBroadcast,
  describeRunner,
  formatDryRun,
  formatDuration,
  formatFinal,
  LEASE_STALE_MS,
  newLease,
  parseTime,
  runnerIsDead,
  startPlanned,
  TimeError,
} from "../../runtime/broadcast/index.ts";
import type { BroadcastProgress, Lease } from "../../runtime/broadcast/index.ts";
import { openCliContext } from "../../runtime/broadcast/setup.ts";
import type { CliContext } from "../../runtime/broadcast/setup.ts";
import { formatErrors } from "../../sandbox/local/diagnostics.ts";
import { formatProjection, openSenderMeter, projectSend } from "../../runtime/sending/index.ts";
import { createTwilioClient } from "../../runtime/twilio/index.ts";
import { loadBotOr } from "../load-bot.ts";
import { findRunningSandbox } from "../../sandbox/state/running.ts";

interface BroadcastFlags {
  body?: string;
  bodyFile?: string;
  where: string[];
  at?: string;
  dryRun?: boolean;
  includeHandedOff?: boolean;
  rate?: string;
  yes?: boolean;
  db?: string;
  json?: boolean;
  logLevel?: string;
  settle?: string;
  resume?: string;
  cancel?: string;
  status?: string;
  list?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerBroadcast(program: Command): Command {
  return program
    .command("broadcast")
    .argument("<bot>", "the bot (a .bot or .rive file, a folder, or compiled IR)")
    .option("--body <text>", "the message, written like a reply without the leading - (tags, <send>, <get> work)")
    .option("--body-file <file>", "read the message from a file")
    .option("--where <expr>", "audience filter, repeatable and AND-ed: NAME = V, != V, < N, > N, contains T, exists", collect, [])
    .option("--at <time>", "start later: 2024-05-01T09:00, +2h … (the process waits; bot run takes it up if this process stops)")
    .option("--dry-run", "report what would happen; send nothing")
    .option("--include-handed-off", "send to users a person has now too (an open handoff, docs/handoff.md); left out by default")
    .option("--rate <n>", "messages per second (default: broadcast.rate in bot.config.yaml, else the sender's rate)")
    .option("--yes", "do not ask for confirmation")
    .option("--json", "print the report as JSON")
    .option("--db <path>", "SQLite database (env BOT_DB; default <bot folder>/.bot/bot.db); DATABASE_URL (PostgreSQL) wins, as for bot run")
    .option("--log-level <level>", "log level of the lines on stderr (default warn)")
    .option("--settle <seconds>", "after sending, how long to collect final statuses from Twilio (default 30; 0 skips)")
    .addOption(
      new Option("--resume <id>", "continue an unfinished broadcast (after a crash or Ctrl-C)").conflicts(["body", "bodyFile", "cancel", "status", "list"]),
    )
    .addOption(new Option("--cancel <id>", "cancel a broadcast: nothing more is sent").conflicts(["body", "bodyFile", "status", "list"]))
    .addOption(new Option("--status <id>", "show a broadcast's progress and report").conflicts(["body", "bodyFile", "list"]))
    .option("--list", "list broadcasts")
    .action(async (path: string, flags: BroadcastFlags) => {
      process.exitCode = await broadcast(path, flags);
    });
}

async function broadcast(path: string, flags: BroadcastFlags): Promise<number> {
  const fail = (code: number, ...lines: string[]) => {
    for (const line of lines) console.error(`bot broadcast: ${line}`);
    return code;
  };
  const loaded = loadBotOr(path, fail);
  if (typeof loaded === "number") return loaded;
  const compileErrors = formatErrors(loaded.diagnostics, loaded.sources, loaded.root);
  if (compileErrors.length > 0) return fail(1, ...compileErrors, `${path} has compile errors; fix them first`);
  // --dry-run, --status and --list only read: they open an existing database and create or migrate nothing.
  const readOnly = flags.dryRun === true || flags.status !== undefined || flags.list === true;
  const setup = await openCliContext(loaded, { ...flags, readOnly }, process.env);
  if (!setup.ok) return fail(setup.exitCode, ...setup.lines);
  const ctx = setup.ctx;
  try {
    if (flags.list) return await list(ctx);
    if (flags.status !== undefined) return await status(ctx, flags.status, fail);
    if (flags.cancel !== undefined) return await cancel(ctx, flags.cancel, fail);
    if (flags.resume !== undefined) return await resume(ctx, flags, fail);
    return await send(ctx, flags, fail);
  } finally {
    await ctx.close();
  }
}

type Fail = (code: number, ...lines: string[]) => number;

async function send(ctx: CliContext, flags: BroadcastFlags, fail: Fail): Promise<number> {
  if ((flags.body === undefined) === (flags.bodyFile === undefined)) return fail(2, "give the message with exactly one of --body TEXT and --body-file FILE");
  let body = flags.body ?? "";
  if (flags.bodyFile !== undefined) {
    try {
      body = readFileSync(flags.bodyFile, "utf8");
    } catch (error) {
      return fail(2, `--body-file ${flags.bodyFile}: ${(error as Error).message}`);
    }
  }
  const now = Date.now();
  let rate: number | null = null;
  if (flags.rate !== undefined) {
    rate = Number(flags.rate);
    if (!Number.isFinite(rate) || rate <= 0) return fail(2, `--rate "${flags.rate}" must be a number of messages per second above 0`);
  }
  let startAt = now;
  if (flags.at !== undefined) {
    try {
      startAt = parseTime(flags.at, now, "--at");
    } catch (error) {
      if (error instanceof TimeError) return fail(2, error.message);
      throw error;
    }
  }
  // Without credentials, a real send goes through the sandbox running for this bot, or is refused before any report.
  if (!flags.dryRun) {
    const refused = await useRunningSandbox(ctx, fail);
    if (refused !== null) return refused;
  }
  const result = await ctx.service.plan(
    { body, bodyFile: flags.bodyFile ?? "<body>", where: flags.where, rate, startAt, includeHandedOff: flags.includeHandedOff === true },
    "cli",
  );
  if (result.type === "usage") return fail(2, result.message);
  if (result.type === "invalid-body") {
    for (const d of result.diagnostics) console.error(formatDiagnostic({ ...d, span: { ...d.span, file: displayPath(d.span.file, process.cwd()) } }, body));
    return fail(1, result.message);
  }
  const { plan } = result;
  const meter = senderMeterOf(ctx);
  const projection = projectSend({
    model: meter.model,
    snapshot: await meter.snapshot(),
    parts: plan.recipients.flatMap((r) => r.parts),
    startAt,
    now,
  });
  if (flags.json) console.log(inertJson({ report: plan.report, meter: projection }, 2));
  else {
    for (const d of plan.report.diagnostics)
      console.error(formatDiagnostic({ ...d, span: { ...d.span, file: displayPath(d.span.file, process.cwd()) } }, body));
    console.log(`${flags.dryRun ? "Dry run" : "Broadcast"} of ${displayPath(ctx.loaded.root, process.cwd())}`);
    for (const line of formatDryRun(plan.report, now)) console.log(line);
    for (const line of formatProjection(projection, formatDuration)) console.log(line);
  }
  if (!plan.report.verdict.ok) return fail(1, "refused; nothing was sent");
  if (flags.dryRun) return 0;
  if (plan.report.confirm !== null && !flags.yes) return fail(1, `${plan.report.confirm}. Nothing was sent: add --yes to send it anyway.`);
  if (plan.recipients.length === 0) return fail(1, "no recipients: nobody matches (or all opted out); nothing was sent");
  if (ctx.config.twilio === null) return fail(2, "no Twilio credentials and no running sandbox; nothing was sent");
  if (!flags.yes) {
    if (!process.stdin.isTTY) return fail(2, "add --yes to send without a question (stdin is not a terminal)");
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await rl.question(`Send to ${plan.report.recipients} recipient(s)? [y/N] `);
    rl.close();
    if (!/^y(es)?$/i.test(answer.trim())) return fail(1, "not sent");
  }
  const lease = newLease();
  const started = await startPlanned(ctx.broadcasts, plan, Date.now(), lease);
  if (started.type !== "started") return fail(1, started.message);
  console.log(`broadcast ${started.broadcast.id} created (resume with --resume ${started.broadcast.id}, cancel with --cancel ${started.broadcast.id})`);
  return deliver(ctx, started.broadcast.id, lease, false, flags);
}

async function resume(ctx: CliContext, flags: BroadcastFlags, fail: Fail): Promise<number> {
  const id = Number(flags.resume);
  if (!Number.isInteger(id) || id <= 0) return fail(2, `--resume "${flags.resume}" is not a broadcast id`);
  const refused = await useRunningSandbox(ctx, fail);
  if (refused !== null) return refused;
  const lease = newLease();
  const now = Date.now();
  const acquired = await ctx.broadcasts.acquire(id, lease, now, LEASE_STALE_MS, runnerIsDead);
  switch (acquired.type) {
    case "missing":
      return fail(2, `no broadcast ${id} in ${ctx.database} (bot broadcast --list shows them)`);
    case "busy":
      return fail(
        1,
        `broadcast ${id} is being sent by ${describeRunner(acquired.broadcast.runner, now)}; nothing was changed. Wait for it, or cancel it with --cancel ${id}`,
      );
    case "final": {
      console.log(`broadcast ${id} is already ${acquired.broadcast.state}`);
      for (const line of formatFinal((await ctx.broadcasts.progress(id))!)) console.log(line);
      return 0;
    }
    case "acquired":
      return deliver(ctx, id, lease, acquired.tookOver, flags);
    default: {
      const _exhaustive: never = acquired;
      return _exhaustive;
    }
  }
}

async function deliver(ctx: CliContext, id: number, lease: Lease, tookOver: boolean, flags: BroadcastFlags): Promise<number> {
  const twilio = ctx.config.twilio!;
  const client = createTwilioClient({
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    timeoutMs: ctx.config.sendTimeoutMs,
    ...(twilio.baseUrl !== null && { baseUrl: twilio.baseUrl }),
  });
  const settle = flags.settle === undefined ? 30 : Number(flags.settle);
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const bar = process.stderr.isTTY && !flags.json ? progressBar() : null;
  try {
    const { outcome, progress } = await deliverBroadcast({
      store: ctx.store,
      broadcasts: ctx.broadcasts,
      id,
      lease,
      tookOver,
      twilio: client,
      sender: { from: twilio.from, messagingServiceSid: twilio.messagingServiceSid },
      publicUrl: ctx.publicUrl,
      root: ctx.loaded.root,
      clock: { now: () => Date.now() },
      logger: ctx.logger,
      settings: { maxAttempts: ctx.config.maxAttempts, pricePerSegment: ctx.settings.prices.smsSegment, pricePerMms: ctx.settings.prices.mms },
      settleMs: Number.isFinite(settle) && settle > 0 ? settle * 1000 : 0,
      signal: abort.signal,
      meter: senderMeterOf(ctx),
      ...(bar && { onProgress: bar.update }),
    });
    bar?.stop();
    if (flags.json) console.log(inertJson({ outcome, progress }, 2));
    else for (const line of formatFinal(progress)) console.log(line);
    if (outcome === "stopped") console.log(`stopped; continue with: bot broadcast ${displayPath(ctx.loaded.root, process.cwd())} --resume ${id}`);
    return 0;
  } finally {
    bar?.stop();
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}

/**
 * Without Twilio credentials: the emulator of the sandbox `bot run` is running for this bot (its state folder says
 * which, sandbox/state/running.ts), with status callbacks to that bot run; or a refusal that says how to send.
 * Null when sending may go on.
 */
async function useRunningSandbox(ctx: CliContext, fail: Fail): Promise<number | null> {
  if (ctx.config.twilio !== null) return null;
  const shown = displayPath(ctx.loaded.root, process.cwd());
  const found = await findRunningSandbox(ctx.loaded.root);
  if (found.type === "none") {
    return fail(
      2,
      `no Twilio credentials, and ${found.reason}; nothing was sent. Start the sandbox in another terminal (bot run ${shown}) and broadcast again to send through its emulator, or set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM (or TWILIO_MESSAGING_SERVICE_SID) to send for real`,
    );
  }
  const { sandbox } = found;
  if (sandbox.database !== ctx.database) {
    return fail(
      2,
      `the sandbox running for ${shown} (pid ${sandbox.pid}) uses the database ${sandbox.database}, and this broadcast would use ${ctx.database}; nothing was sent. Broadcast with --db ${sandbox.database} (or the same DATABASE_URL)`,
    );
  }
  ctx.config.twilio = {
    accountSid: sandbox.accountSid,
    authToken: sandbox.authToken,
    from: sandbox.from,
    messagingServiceSid: null,
    baseUrl: sandbox.emulatorUrl,
  };
  ctx.publicUrl = sandbox.botUrl;
  console.error(
    `bot broadcast: no Twilio credentials: sending through the sandbox's emulator ${sandbox.emulatorUrl} (bot run, pid ${sandbox.pid}); nothing leaves this machine`,
  );
  return null;
}

/** The sender's meter, its row shared with `bot run` on the same database (docs/sending.md). */
function senderMeterOf(ctx: CliContext) {
  const twilio = ctx.config.twilio;
  return openSenderMeter({
    store: ctx.store,
    config: ctx.botConfig.sender,
    from: twilio?.from ?? process.env["TWILIO_FROM"]?.trim() ?? null,
    messagingServiceSid: twilio?.messagingServiceSid ?? process.env["TWILIO_MESSAGING_SERVICE_SID"]?.trim() ?? null,
    segmentRates: ctx.settings.segmentRates,
    clock: { now: () => Date.now() },
  });
}

/** Count, rate and ETA on stderr (cli-progress computes the ETA from the values it is given). */
function progressBar(): { update: (p: BroadcastProgress) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar(
    { format: "{bar} {value}/{total} messages | {speed} msg/s | ETA {eta_formatted}", stream: process.stderr, hideCursor: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      const total = p.messages + p.queued;
      const done = p.accepted + p.failed + p.canceled;
      const seconds = p.firstSentAt !== null && p.lastSentAt !== null ? (p.lastSentAt - p.firstSentAt) / 1000 : 0;
      const speed = seconds > 0 ? (p.accepted / seconds).toFixed(1) : "0";
      if (!started) bar.start(total, done, { speed });
      started = true;
      bar.setTotal(total);
      bar.update(done, { speed });
    },
    stop: () => started && bar.stop(),
  };
}

async function status(ctx: CliContext, raw: string, fail: Fail): Promise<number> {
  const progress = await ctx.broadcasts.progress(Number(raw));
  if (!progress) return fail(2, `no broadcast ${raw} in ${ctx.database}`);
  for (const line of formatFinal(progress)) console.log(line);
  return 0;
}

async function cancel(ctx: CliContext, raw: string, fail: Fail): Promise<number> {
  const id = Number(raw);
  const record = Number.isInteger(id) ? await ctx.broadcasts.get(id) : null;
  if (!record) return fail(2, `no broadcast ${raw} in ${ctx.database}`);
  if (!(await ctx.broadcasts.cancel(id, Date.now()))) return fail(1, `broadcast ${id} is already ${record.state}; nothing to cancel`);
  console.log(`broadcast ${id} canceled: queued recipients and pending messages will not be sent (messages already with Twilio cannot be recalled)`);
  for (const line of formatFinal((await ctx.broadcasts.progress(id))!)) console.log(line);
  return 0;
}

async function list(ctx: CliContext): Promise<number> {
  const all = await ctx.broadcasts.list();
  if (all.length === 0) console.log("no broadcasts yet");
  for (const b of all) {
    console.log(
      `#${b.id}  ${b.state.padEnd(9)} ${String(b.recipients).padStart(6)} recipient(s)  ${Math.round(b.rate * 100) / 100} msg/s ~${formatDuration(b.recipients / b.rate)}  ${new Date(b.createdAt).toISOString()}  ${inertJson(b.body.slice(0, 50))}`,
    );
  }
  return 0;
}
