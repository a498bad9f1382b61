/** @module `bot insights missed|triggers <bot>`: what users wrote that only a catch-all or nothing answered (with the nearest triggers), and every trigger's hits. Read-only: never creates or migrates a database. */
import type { Command } from "commander";
import { parseTime, TimeError } from "../../runtime/broadcast/index.ts";
import { openInsights } from "../../runtime/insights/open.ts";
import { DEFAULT_GROUPS, missedReport, triggersReport } from "../../runtime/insights/report.ts";
import type { MissedReport, TriggersReport } from "../../runtime/insights/report.ts";
import type { InsightsQuery, MatchCounts } from "../../runtime/store/insights/types.ts";
import { inertJson, inertLine } from "../../compiler/diagnostics/inert-text.ts";
import { loadBotOr } from "../load-bot.ts";

interface InsightsFlags {
  db?: string;
  since?: string;
  until?: string;
  topic?: string;
  limit?: string;
  json?: boolean;
}

const REPORTS = ["missed", "triggers"] as const;
type Report = (typeof REPORTS)[number];

export function registerInsights(program: Command): Command {
  return program
    .command("insights")
    .argument("<report>", `${REPORTS.join(" or ")}: what only a catch-all or nothing answered, or every trigger's hits`)
    .argument("<bot>", "the bot (its folder locates the default database)")
    .option("--db <path>", "SQLite database (env BOT_DB; default <bot folder>/.bot/bot.db); DATABASE_URL (PostgreSQL) wins, as for bot run")
    .option("--since <time>", "from this time: 2024-05-01, 2024-05-01T14:30, -7d, today …")
    .option("--until <time>", "up to this time")
    .option("--topic <name>", "only messages sent while the user was in this topic (triggers: only this topic's)")
    .option("--limit <n>", `missed: at most this many groups (default ${DEFAULT_GROUPS})`)
    .option("--json", 'one JSON object: missed { "groups": [...] }, triggers { "triggers": [...] }')
    .action(async (report: string, path: string, flags: InsightsFlags) => {
      process.exitCode = await insights(report, path, flags);
    });
}

async function insights(report: string, path: string, flags: InsightsFlags): Promise<number> {
  const fail = (code: number, message: string) => (console.error(`bot insights: ${message}`), code);
  if (!(REPORTS as readonly string[]).includes(report))
    return fail(2, `"${report}" is not a report: use bot insights missed <bot> or bot insights triggers <bot>`);
  const now = Date.now();
  const query: InsightsQuery & { limit?: number } = {};
  try {
    if (flags.since !== undefined) query.since = parseTime(flags.since, now, "--since");
    if (flags.until !== undefined) query.until = parseTime(flags.until, now, "--until");
  } catch (error) {
    if (error instanceof TimeError) return fail(2, error.message);
    throw error;
  }
  if (query.since !== undefined && query.until !== undefined && query.since > query.until) return fail(2, "--since is after --until: nothing can match");
  if (flags.topic !== undefined) query.topic = flags.topic;
  if (flags.limit !== undefined) {
    const limit = Number(flags.limit);
    if (!Number.isInteger(limit) || limit <= 0) return fail(2, `--limit "${flags.limit}" must be a whole number above 0`);
    query.limit = limit;
  }
  const loaded = loadBotOr(path, fail);
  if (typeof loaded === "number") return loaded;
  const opened = await openInsights({ ...(flags.db !== undefined && { db: flags.db }), root: loaded.root, env: process.env });
  if (!opened.ok) return fail(1, opened.message);
  try {
    if ((report as Report) === "missed") {
      const result = await missedReport(loaded.ir, opened.store, query);
      if (flags.json) console.log(inertJson({ groups: result.groups }));
      else printMissed(result);
      console.error(summary(result.counts, result.recording));
    } else {
      const result = await triggersReport(loaded.ir, opened.store, query);
      if (flags.json) console.log(inertJson({ triggers: result.triggers }));
      else printTriggers(result);
      console.error(summary(result.counts, result.recording));
    }
    return 0;
  } finally {
    await opened.store.close();
  }
}

function total(counts: MatchCounts): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/** One line on stderr: how the period's inbound messages were answered, and what is unknown. */
export function summary(counts: MatchCounts, recording: boolean): string {
  const all = total(counts);
  if (all === 0) return "no inbound messages in the log for this period: nothing to report";
  const parts = [
    `${counts.trigger} by a trigger`,
    `${counts["catch-all"]} by a catch-all`,
    `${counts.none} by nothing`,
    `${counts.keyword} keyword (STOP/START/HELP)`,
    `${counts["opted-out"]} from opted-out users`,
    `${counts["handed-off"]} to a person (handed off)`,
  ];
  let line = `${all} inbound message(s): ${parts.join(", ")}`;
  if (counts.unknown > 0) {
    line += `; ${counts.unknown} unknown (logged before trigger recording began${recording ? "" : ": run this version's bot run once to start it"}), not counted as missed`;
  }
  return line;
}

function printMissed(result: MissedReport): void {
  if (result.groups.length === 0) {
    if (total(result.counts) > 0) console.log("nothing missed: every recorded message was answered by a trigger other than a catch-all");
    return;
  }
  for (const group of result.groups) {
    const users = `${group.users.join(", ")}${group.userCount > group.users.length ? ` and ${group.userCount - group.users.length} more` : ""}`;
    const caught =
      group.unanswered === group.count
        ? "nothing answered"
        : group.unanswered === 0
          ? "catch-all"
          : `catch-all ${group.count - group.unanswered}, nothing ${group.unanswered}`;
    console.log(inertLine(`${String(group.count).padStart(5)}× "${group.text}"  (${caught}; ${group.firstSeen} … ${group.lastSeen}; ${users})`));
    for (const near of group.nearest) console.log(inertLine(`        ${near.hint}  ${near.source.file}:${near.source.line}`));
    console.log(inertLine(`        → ${group.suggestion}`));
  }
}

function printTriggers(result: TriggersReport): void {
  for (const t of result.triggers) {
    const where = t.source === null ? "(no longer in the script)" : `${t.source.file}:${t.source.line}:${t.source.column}`;
    const state = t.state === "never-fired" ? "never fired" : t.state === "removed" ? "removed" : `last ${t.lastHit}`;
    const topic = t.topic === "default" ? "" : ` (topic ${t.topic})`;
    console.log(inertLine(`${String(t.hits).padStart(6)}  + ${t.trigger}${topic}  ${where}  ${state}`));
  }
}
