/** @module The dashboard's insights pages: missed messages (grouped, with the nearest triggers) and triggers by hits with their source and example messages. Mounted inside the signed-in router. */
import express from "express";
import type { Clock } from "../../engine/types.ts";
import { InsightsUnavailable, type InsightsSource } from "../insights/source.ts";
import { insightsQuery } from "../insights/query.ts";
import { missedReport, triggersReport } from "../insights/report.ts";
import type { MatchCounts } from "../store/insights/types.ts";
import { esc, page, table, time } from "./html.ts";

const EXAMPLES = 20;

export function insightsPages(source: InsightsSource, clock: Clock): express.Router {
  const router = express.Router();

  const handle = (title: string, build: (req: express.Request) => Promise<string>): express.RequestHandler => {
    return async (req, res) => {
      try {
        res.type("html").send(page(title, await build(req)));
      } catch (error) {
        if (error instanceof BadQuery)
          return void res
            .status(400)
            .type("html")
            .send(page("Bad request", `<p class="err">${esc(error.message)}</p>`));
        if (error instanceof InsightsUnavailable)
          return void res
            .status(503)
            .type("html")
            .send(page(title, `<p class="err">${esc(error.message)}</p>`));
        throw error;
      }
    };
  };
  const query = (req: express.Request) => {
    const parsed = insightsQuery(req.query as Record<string, unknown>, clock.now());
    if (!parsed.ok) throw new BadQuery(parsed.message);
    return parsed.query;
  };

  router.get(
    "/insights/missed",
    handle("Missed messages", async (req) => {
      const q = query(req);
      const report = await source.read((store) => missedReport(source.ir(), store, q));
      const rows = report.groups.map((g) => [
        `<span class="missed-text">${esc(g.text)}</span>`,
        `<span class="missed-count">${g.count}</span>`,
        g.unanswered === g.count ? "nothing" : g.unanswered === 0 ? "catch-all" : `catch-all ${g.count - g.unanswered}, nothing ${g.unanswered}`,
        esc(g.firstSeen.replace("T", " ").slice(0, 19)),
        esc(g.lastSeen.replace("T", " ").slice(0, 19)),
        g.users.map((u) => `<a href="/dashboard/users/${encodeURIComponent(u)}/conversation">${esc(u)}</a>`).join(", ") +
          (g.userCount > g.users.length ? ` <span class="muted">+${g.userCount - g.users.length}</span>` : ""),
        [...g.nearest.map((n) => `${esc(n.hint)} <span class="muted">${esc(n.source.file)}:${n.source.line}</span>`), `<b>→ ${esc(g.suggestion)}</b>`].join(
          "<br>",
        ),
      ]);
      return `${filters(req, q.topic)}${countsLine(report.counts, report.recording)}
${table(["Text (normalised)", "Count", "Answered by", "First seen", "Last seen", "Users", "Nearest triggers"], rows, "Nothing missed in this period.")}`;
    }),
  );

  router.get(
    "/insights/triggers",
    handle("Triggers", async (req) => {
      const q = query(req);
      const report = await source.read((store) => triggersReport(source.ir(), store, q));
      const rows = report.triggers.map((t) => [
        t.id === null
          ? `<span class="trigger-text">+ ${esc(t.trigger)}</span>`
          : `<a class="trigger-text" href="/dashboard/insights/triggers/${t.id}">+ ${esc(t.trigger)}</a>`,
        esc(t.topic),
        `<span class="trigger-hits">${t.hits}</span>`,
        t.state === "never-fired"
          ? '<span class="err trigger-state">never fired</span>'
          : t.state === "removed"
            ? '<span class="muted trigger-state">removed</span>'
            : esc(t.lastHit?.replace("T", " ").slice(0, 19)),
        t.source === null ? "" : esc(`${t.source.file}:${t.source.line}:${t.source.column}`),
      ]);
      return `${filters(req, q.topic)}${countsLine(report.counts, report.recording)}
${table(["Trigger", "Topic", "Hits", "Last hit", "Source"], rows, "The bot has no triggers.")}`;
    }),
  );

  router.get(
    "/insights/triggers/:id",
    handle("Trigger", async (req) => {
      const raw = String(req.params.id);
      const trigger = /^\d{1,9}$/.test(raw) ? source.ir().triggers[Number(raw)] : undefined;
      if (trigger === undefined) throw new BadQuery(`no trigger ${raw} in the bot as it runs now`);
      const q = query(req);
      const messages = await source.read((store) => store.examples({ topic: trigger.topic, text: trigger.text }, { ...q, limit: EXAMPLES }));
      const rows = messages.map((m) => [
        esc(time(m.at)),
        `<a href="/dashboard/users/${encodeURIComponent(m.userId)}/conversation">${esc(m.userId)}</a>`,
        `<pre>${esc(m.body)}</pre>`,
      ]);
      return `<p><code>+ ${esc(trigger.text)}</code> in topic ${esc(trigger.topic)}, ${esc(trigger.span.file)}:${trigger.span.start.line}</p>
${table(["At", "User", "Message"], rows, "No message matched this trigger in this period.")}`;
    }),
  );
  return router;
}

class BadQuery extends Error {}

function filters(req: express.Request, topic: string | undefined): string {
  const value = (name: string) => esc(typeof req.query[name] === "string" ? req.query[name] : "");
  return `<form class="filters" method="get"><label>Since <input name="since" value="${value("since")}" placeholder="-7d"></label>
<label>Until <input name="until" value="${value("until")}"></label><label>Topic <input name="topic" value="${esc(topic ?? "")}"></label><button>Show</button>
<a href="/dashboard/insights/missed">Missed</a> · <a href="/dashboard/insights/triggers">Triggers</a></form>`;
}

function countsLine(counts: MatchCounts, recording: boolean): string {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  if (total === 0) return '<p class="muted counts">No inbound messages in this period.</p>';
  const unknown =
    counts.unknown > 0
      ? `; <b>${counts.unknown} unknown</b> (logged before trigger recording began${recording ? "" : "; restart bot run with this version"}), not counted as missed`
      : "";
  return `<p class="counts">${total} inbound: ${counts.trigger} by a trigger, ${counts["catch-all"]} by a catch-all, ${counts.none} by nothing, ${counts.keyword} keywords, ${counts["opted-out"]} from opted-out users, ${counts["handed-off"]} to a person${unknown}.</p>`;
}
