/** @module Dashboard pages: overview, users (search, topic, variables, opt-out), message log with filters, broadcasts with live progress and the final report. */
import type { BroadcastService } from "../broadcast/service.ts";
import { parseTime } from "../broadcast/time.ts";
import type { BroadcastProgress, LogQuery, LogType } from "../store/broadcasts/types.ts";
import { explainTwilioError } from "../twilio/index.ts";
import { timeInRange } from "../http/hygiene.ts";
import { esc, page, table, time } from "./html.ts";
import { overviewCounts } from "./overview.ts";
import { countSegments } from "../twilio/index.ts";
import { consentSection, erasedUserPage } from "./consent.ts";

type Query = Record<string, string | undefined>;

export async function usersPage(service: BroadcastService, q: Query): Promise<string> {
  const { users, total } = await service.broadcasts.listUsers({ ...(q.search ? { search: q.search } : {}), limit: 100 });
  const rows = users.map((u) => [
    `<a href="/dashboard/users/${encodeURIComponent(u.id)}">${esc(u.id)}</a>`,
    esc(u.session?.topic ?? "default"),
    esc(
      Object.entries(u.session?.vars ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(", "),
    ),
    u.optedOut ? `<span class="err">opted out</span> ${esc(u.optOutReason ?? "")}` : "subscribed",
    esc(time(u.lastSeenAt)),
  ]);
  const form = `<form class="filters" method="get"><input name="search" placeholder="number or variable value" value="${esc(q.search)}"><button>Search</button></form>`;
  return page("Users", `${form}<p>${total} user(s)${q.search ? " match" : ""}.</p>${table(["User", "Topic", "Variables", "Opt-out", "Last seen"], rows)}`);
}

export async function userPage(service: BroadcastService, id: string): Promise<string | null> {
  const user = await service.store.getUser(id);
  if (!user) return erasedUserPage(service, id);
  const vars = Object.entries({ ...user.session?.meta, ...user.session?.vars });
  const messages = await service.broadcasts.searchLogs({ userId: id, newestFirst: true, limit: 50 });
  const details = `<dl><dt>Topic</dt><dd>${esc(user.session?.topic ?? "default")}</dd><dt>Opt-out</dt><dd>${user.optedOut ? `opted out (${esc(user.optOutReason)}) at ${esc(time(user.optedOutAt))}` : "subscribed"}</dd>
<dt>First seen</dt><dd>${esc(time(user.firstSeenAt))}</dd></dl>`;
  return page(
    `User ${id}`,
    `${details}<p><a href="/dashboard/users/${encodeURIComponent(id)}/conversation">Conversation</a> (chat view with each message's status history)</p><h2>Variables</h2>${table(
      ["Name", "Value"],
      vars.map(([k, v]) => [esc(k), esc(v)]),
    )}
<h2>Recent messages</h2>${messageTable(messages)}${await consentSection(service, id)}`,
  );
}

const TYPES: LogType[] = ["inbound", "response", "broadcast"];

export async function messagesPage(service: BroadcastService, q: Query): Promise<{ status: number; html: string }> {
  const query: LogQuery = { newestFirst: true, limit: 200 };
  const problems: string[] = [];
  if (q.user) query.userId = q.user;
  if (q.status) query.status = q.status;
  if (q.q) query.text = q.q;
  if (q.type && (TYPES as string[]).includes(q.type)) query.type = q.type as LogType;
  for (const key of ["since", "until"] as const) {
    if (!q[key]) continue;
    try {
      query[key] = timeInRange(parseTime(q[key], service.clock.now(), key), key, q[key]);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  const form = `<form class="filters" method="get"><input name="user" placeholder="+15550001111" value="${esc(q.user)}">
<select name="type"><option value="">any type</option>${TYPES.map((t) => `<option${q.type === t ? " selected" : ""}>${t}</option>`).join("")}</select>
<input name="status" placeholder="status" value="${esc(q.status)}"><input name="since" placeholder="since (2024-05-01, -2h)" value="${esc(q.since)}">
<input name="until" placeholder="until" value="${esc(q.until)}"><input name="q" placeholder="text" value="${esc(q.q)}"><button>Filter</button></form>`;
  if (problems.length > 0) return { status: 400, html: page("Messages", `${form}${problems.map((p) => `<p class="err">${esc(p)}</p>`).join("")}`) };
  return { status: 200, html: page("Messages", `${form}${messageTable(await service.broadcasts.searchLogs(query))}`) };
}

/** Segments and encoding as logged; an inbound row has none logged, so they are counted from its body (what the texter paid for). */
function segmentsOf(m: { direction: "in" | "out"; body: string; segments: number | null; encoding: string | null }): string {
  if (m.segments !== null) return `${m.segments} ${m.encoding ?? ""}`;
  if (m.direction !== "in") return "";
  const counted = countSegments(m.body);
  return `${counted.segments} ${counted.encoding}`;
}

function messageTable(messages: Awaited<ReturnType<BroadcastService["broadcasts"]["searchLogs"]>>): string {
  return table(
    ["Time", "User", "Type", "Body", "Status", "Segments", "Error"],
    messages.map((m) => [
      esc(time(m.at)),
      esc(m.userId),
      esc(m.type),
      `<pre>${esc(m.body)}</pre>${m.media.map((u) => `<div class="muted">${esc(u)}</div>`).join("")}`,
      `${esc(m.status)}<div class="muted">${esc(m.statusHistory.map((h) => h.status).join(" → "))}</div><div class="muted">${esc(m.sid)}</div>`,
      esc(segmentsOf(m)),
      m.errorCode === null ? "" : `<span class="err">${m.errorCode} ${esc(explainTwilioError(m.errorCode).title)}</span>`,
    ]),
    "No messages match.",
  );
}

export async function broadcastsPage(service: BroadcastService): Promise<string> {
  const list = await service.broadcasts.list();
  const rows = await Promise.all(
    list.map(async (b) => {
      const p = (await service.broadcasts.progress(b.id))!;
      return [
        `<a href="/dashboard/broadcasts/${b.id}">#${b.id}</a>`,
        esc(b.state),
        progressBar(p),
        `<pre>${esc(b.body.slice(0, 120))}</pre>`,
        esc(time(b.createdAt)),
      ];
    }),
  );
  const live = list.some((b) => b.state === "running" || b.state === "scheduled");
  const start = `<p><a href="/dashboard/broadcasts/new">New broadcast</a> (preview, then send)</p>`;
  return page(
    "Broadcasts",
    start + table(["Broadcast", "State", "Progress", "Body", "Created"], rows, "No broadcasts yet."),
    live ? { refreshSeconds: 2 } : {},
  );
}

export async function broadcastPage(service: BroadcastService, id: number): Promise<string | null> {
  const b = await service.broadcasts.get(id);
  const p = await service.broadcasts.progress(id);
  if (!b || !p) return null;
  const errors = table(
    ["Code", "Messages", "Meaning", "What to do"],
    p.errors.map((e) => {
      const info = e.code === null ? null : explainTwilioError(e.code);
      return [
        esc(e.code ?? "none"),
        esc(e.count),
        esc(info ? `${info.title}: ${info.explanation}` : "failed without a Twilio code"),
        esc(info?.action ?? "see the message log"),
      ];
    }),
    "No failures.",
  );
  const body = `${progressBar(p)}<dl><dt>State</dt><dd>${esc(b.state)}</dd><dt>Recipients</dt><dd>${p.recipients}</dd><dt>Queued</dt><dd>${p.queued}</dd>
<dt>Sent (accepted by Twilio)</dt><dd>${p.accepted}</dd><dt>Delivered</dt><dd>${p.delivered}</dd><dt>Failed</dt><dd>${p.failed + p.undelivered}</dd>
<dt>Opted out (skipped)</dt><dd>${p.optedOut}</dd><dt>Rate</dt><dd>${esc(Math.round(b.rate * 100) / 100)} msg/s (${esc(b.senderType)})</dd>
<dt>Filters</dt><dd>${esc(b.filters.join(" AND ") || "everyone")}</dd><dt>Estimated cost</dt><dd>$${esc(b.costEstimate.toFixed(4))}</dd></dl>
<h2>Body</h2><pre>${esc(b.body)}</pre><h2>Failures by error code</h2>${errors}
<p><a href="/dashboard/broadcasts/${id}/chart">Progress chart and projected finish</a> · <a href="/dashboard/messages?type=broadcast">Broadcast messages in the log</a></p>`;
  return page(`Broadcast #${id}`, body, b.state === "running" || b.state === "scheduled" ? { refreshSeconds: 2 } : {});
}

function progressBar(p: BroadcastProgress): string {
  const done = p.accepted + p.failed + p.canceled;
  const total = Math.max(1, p.messages + p.queued);
  const pct = Math.min(100, Math.round((done / total) * 100));
  return `<div class="bar" role="progressbar" aria-valuenow="${pct}" aria-valuemin="0" aria-valuemax="100"><div style="width:${pct}%"></div></div><span class="progress">${done} of ${p.messages + p.queued} messages (${pct}%)</span>`;
}

export async function overviewPage(service: BroadcastService): Promise<string> {
  const { total } = await service.broadcasts.listUsers({ limit: 1 });
  const recent = await service.broadcasts.searchLogs({ newestFirst: true, limit: 10 });
  return page(
    "Overview",
    `<p>${total} user(s). Sender: ${esc(service.sender.type)} (${esc(service.sender.source)}).</p>${await overviewCounts(service.store.overview, service.clock.now())}<h2>Latest messages</h2>${messageTable(recent)}`,
  );
}
