/** @module `bot logs`: searches the message log (inbound and outbound, with status history and Twilio error explanations) by user, time, status, type and text. */
import type { Command } from "commander";
import { withExplanation } from "../../runtime/api/index.ts";
import { parseTime, TimeError } from "../../runtime/broadcast/index.ts";
import type { LogQuery, LogRecord, LogType } from "../../runtime/broadcast/index.ts";
import { openCliContext } from "../../runtime/broadcast/setup.ts";
import { explainTwilioError } from "../../runtime/twilio/index.ts";
import { inertJson, inertLine, inertText } from "../../compiler/diagnostics/inert-text.ts";
import { loadBotOr } from "../load-bot.ts";
import { LOG_STATUSES } from "../../runtime/store/status.ts";

interface LogsFlags {
  db?: string;
  user?: string;
  since?: string;
  until?: string;
  status?: string;
  type?: string;
  broadcast?: string;
  limit?: string;
  json?: boolean;
}

const TYPES: readonly LogType[] = ["inbound", "response", "broadcast"];

export function registerLogs(program: Command): Command {
  return program
    .command("logs")
    .argument("<bot>", "the bot (its folder locates the default database)")
    .argument("[text]", "only messages whose body contains this text (case-insensitive)")
    .option("--db <path>", "SQLite database (env BOT_DB; default <bot folder>/.bot/bot.db); DATABASE_URL (PostgreSQL) wins, as for bot run")
    .option("--user <number>", "one user's messages (E.164, e.g. +15550001111)")
    .option("--since <time>", "from this time: 2024-05-01, 2024-05-01T14:30, -2h, today …")
    .option("--until <time>", "up to this time")
    .option("--status <status>", "Twilio status: received, queued, sent, delivered, undelivered, failed …")
    .option("--type <type>", `message type: ${TYPES.join(", ")}`)
    .option("--broadcast <id>", "messages of one broadcast")
    .option("--limit <n>", "at most this many (default 1000)")
    .option("--json", "one JSON object per line")
    .action(async (path: string, text: string | undefined, flags: LogsFlags) => {
      process.exitCode = await logs(path, text, flags);
    });
}

async function logs(path: string, text: string | undefined, flags: LogsFlags): Promise<number> {
  const fail = (code: number, message: string) => (console.error(`bot logs: ${message}`), code);
  const now = Date.now();
  const query: LogQuery = { limit: 1000 };
  try {
    if (flags.since !== undefined) query.since = parseTime(flags.since, now, "--since");
    if (flags.until !== undefined) query.until = parseTime(flags.until, now, "--until");
  } catch (error) {
    if (error instanceof TimeError) return fail(2, error.message);
    throw error;
  }
  if (query.since !== undefined && query.until !== undefined && query.since > query.until) return fail(2, "--since is after --until: nothing can match");
  if (flags.type !== undefined) {
    if (!(TYPES as readonly string[]).includes(flags.type)) return fail(2, `--type "${flags.type}": use one of ${TYPES.join(", ")}`);
    query.type = flags.type as LogType;
  }
  if (flags.limit !== undefined) {
    const limit = Number(flags.limit);
    if (!Number.isInteger(limit) || limit <= 0) return fail(2, `--limit "${flags.limit}" must be a whole number above 0`);
    query.limit = limit;
  }
  if (flags.broadcast !== undefined) {
    const id = Number(flags.broadcast);
    if (!Number.isInteger(id) || id <= 0) return fail(2, `--broadcast "${flags.broadcast}" is not a broadcast id`);
    query.broadcastId = id;
  }
  if (flags.user !== undefined) query.userId = flags.user;
  if (flags.status !== undefined) {
    if (!LOG_STATUSES.includes(flags.status)) return fail(2, `--status "${flags.status}": use one of ${LOG_STATUSES.join(", ")}`);
    query.status = flags.status;
  }
  if (text !== undefined) query.text = text;

  const loaded = loadBotOr(path, fail);
  if (typeof loaded === "number") return loaded;
  // Read-only: a mistyped --db or ?schema= is reported, never created (runtime/store/existing/).
  const setup = await openCliContext(loaded, { ...(flags.db !== undefined && { db: flags.db }), readOnly: true }, process.env);
  if (!setup.ok) {
    for (const line of setup.lines) console.error(`bot logs: ${line}`);
    return setup.exitCode;
  }
  try {
    const records = await setup.ctx.broadcasts.searchLogs(query);
    // Bodies are what texters wrote: shown inert, so their control sequences cannot drive the operator's terminal.
    for (const record of records) console.log(flags.json ? inertJson(withExplanation(record)) : formatRecord(record));
    if (!flags.json)
      console.error(`${records.length} message(s)${records.length === query.limit ? ` (the first ${query.limit}; raise --limit for more)` : ""}`);
    return 0;
  } finally {
    await setup.ctx.close();
  }
}

function formatRecord(r: LogRecord): string {
  const when = new Date(r.at).toISOString();
  const arrow = r.direction === "in" ? "<-" : "->";
  const head = `${when} ${arrow} ${r.userId} [${r.type}] ${r.status ?? ""}${r.sid ? ` ${r.sid}` : ""}${r.segments !== null ? ` ${r.segments} seg ${r.encoding ?? ""}` : ""}${r.version != null ? ` v${r.version}` : ""}`;
  // Every line of the body is indented, so no text of a message can start a line that looks like a record.
  const lines = [inertLine(head.trimEnd()), `    ${inertText(r.body).replace(/\n/g, "\n    ")}`];
  for (const url of r.media) lines.push(`    media ${inertLine(url)}`);
  if (r.statusHistory.length > 1) lines.push(`    history ${r.statusHistory.map((h) => h.status).join(" → ")}`);
  if (r.errorCode !== null) {
    const info = explainTwilioError(r.errorCode);
    lines.push(`    error ${r.errorCode} ${info.title}: ${info.explanation} Do: ${info.action}`);
  }
  return lines.join("\n");
}
