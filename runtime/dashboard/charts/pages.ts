/** @module Dashboard pages with charts: traffic, delivery, failures and the sender's meter; a broadcast's progress with its projected finish; a user's conversation as chat bubbles; loop-guard holds. */
import type { BroadcastService } from "../../broadcast/service.ts";
import { DEFAULT_SEGMENT_RATES } from "../../broadcast/sender.ts";
import type { BroadcastRecord, LogRecord } from "../../store/broadcasts/types.ts";
import { projectSchedule } from "../../quiet-hours/index.ts";
import { explainTwilioError } from "../../twilio/index.ts";
import { esc, page, table, time } from "../html.ts";
import { bucketOutbound, cumulative, deliveryRate, failuresByCode, outcomeOf } from "./series.ts";
import { barChart, lineChart } from "./svg.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const COLORS = { sent: "#79a", delivered: "#2a7", failed: "#c33" } as const;
/** Enough for the charts' windows (a day of hours); older traffic is in `bot logs`. */
const LOG_LIMIT = 20_000;

export const CHART_STYLE = `figure.chart{margin:1em 0}figure.chart figcaption{font-weight:600;margin-bottom:.3em}svg .tick{font-size:10px;fill:#555}
.chat{max-width:40em;display:flex;flex-direction:column;gap:.4em}.bubble{padding:.5em .8em;border-radius:1em;max-width:75%;white-space:pre-wrap}
.bubble.in{background:#e5e5ea;align-self:flex-start;border-bottom-left-radius:.2em}.bubble.out{background:#0b84ff;color:#fff;align-self:flex-end;border-bottom-right-radius:.2em}
.bubble.out.failed{background:#c33}.bubble .meta{font-size:11px;opacity:.8;margin-top:.3em}.hold{background:#fff3cd;border:1px solid #e0c060;padding:.5em 1em;margin:.5em 0}`;

async function outbound(service: BroadcastService, since: number, extra: { broadcastId?: number } = {}): Promise<LogRecord[]> {
  return service.broadcasts.searchLogs({ since, limit: LOG_LIMIT, ...extra });
}

function trafficCharts(records: LogRecord[], now: number, sizeMs: number, count: number, id: string, what: string): string {
  const b = bucketOutbound(records, now, sizeMs, count);
  return barChart({
    id,
    title: `Messages sent, delivered and failed per ${what}`,
    buckets: b.starts,
    series: [
      { name: "delivered", color: COLORS.delivered, values: b.delivered },
      { name: "sent", color: COLORS.sent, values: b.sent },
      { name: "failed", color: COLORS.failed, values: b.failed },
    ],
  });
}

export async function chartsPage(service: BroadcastService): Promise<string> {
  const now = service.clock.now();
  const day = await outbound(service, now - 24 * HOUR);
  const lastHour = day.filter((r) => r.at >= now - HOUR);
  const rate = deliveryRate(day);
  const failures = failuresByCode(day);
  const segmentsPerSecond = DEFAULT_SEGMENT_RATES[service.sender.type];
  const perMinute = bucketOutbound(lastHour, now, MINUTE, 60);
  const failureChart = barChart({
    id: "failures-by-code",
    title: "Failures by error code (last 24 h)",
    buckets: failures.map((_, i) => i),
    series: [{ name: "failed", color: COLORS.failed, values: failures.map((f) => f.count) }],
    labels: failures.map((f) => String(f.code ?? "no code")),
    height: 160,
  }).replace(/data-at="(\d+)"/g, (_m, i: string) => `data-at="${i}" data-code="${failures[Number(i)]?.code ?? "none"}"`);
  const failureRows = failures.map((f) => {
    const info = f.code === null ? null : explainTwilioError(f.code);
    return [
      `<span data-code="${esc(f.code ?? "none")}" data-count="${f.count}">${esc(f.code ?? "none")}</span>`,
      esc(f.count),
      esc(info ? `${info.title}: ${info.explanation}` : "failed without a Twilio code (see the message log)"),
      esc(info?.action ?? ""),
    ];
  });
  const holds = (await service.store.loopGuard?.active(now)) ?? [];
  const body = `${holdList(holds)}
<p id="delivery-rate" data-delivered="${rate.delivered}" data-final="${rate.final}" data-rate="${rate.rate === null ? "" : rate.rate.toFixed(4)}">Delivery rate (last 24 h): <strong>${
    rate.rate === null ? "no final statuses yet" : `${(rate.rate * 100).toFixed(1)}%`
  }</strong> (${rate.delivered} delivered of ${rate.final} with a final status)</p>
${trafficCharts(lastHour, now, MINUTE, 60, "per-minute", "minute (last hour)")}
${trafficCharts(day, now, HOUR, 24, "per-hour", "hour (last 24 h)")}
${barChart({
  id: "sender-meter",
  title: `Sender meter: segments handed to Twilio per minute against the ${service.sender.type}'s rate (${segmentsPerSecond}/s)`,
  buckets: perMinute.starts,
  series: [{ name: "segments", color: "#56b", values: perMinute.segments }],
  limit: { value: segmentsPerSecond * 60, label: `rate ${segmentsPerSecond * 60}/min` },
})}
${failures.length ? failureChart : ""}
<h2>Failures by error code</h2>${table(["Code", "Messages", "Meaning", "What to do"], failureRows, "No failures in the last 24 hours.")}`;
  return page("Charts", `<style>${CHART_STYLE}</style>${body}`, { refreshSeconds: 10 });
}

/** Recipients still queued, in a plausible release order: the windows' shares interleaved. */
function queuedOrder(windows: { window: string; queued: number }[], unwindowed: number): { key: string | null; messages: number }[] {
  const groups = [...windows.map((w) => ({ key: w.window as string | null, left: w.queued })), { key: null, left: unwindowed }].filter((g) => g.left > 0);
  const total = groups.reduce((s, g) => s + g.left, 0);
  const order: { key: string | null; messages: number }[] = [];
  const taken = groups.map(() => 0);
  for (let n = 1; n <= total; n++) {
    // The group furthest behind its share goes next.
    let best = 0;
    for (let i = 1; i < groups.length; i++) if (taken[i]! / groups[i]!.left < taken[best]! / groups[best]!.left) best = i;
    taken[best]!++;
    order.push({ key: groups[best]!.key, messages: 1 });
  }
  return order;
}

export async function broadcastChartPage(service: BroadcastService, id: number): Promise<string | null> {
  const b: BroadcastRecord | null = await service.broadcasts.get(id);
  const p = await service.broadcasts.progress(id);
  if (!b || !p) return null;
  const now = service.clock.now();
  const records = await outbound(service, b.createdAt - MINUTE, { broadcastId: id });
  const done = cumulative(records);
  const windows = await service.broadcasts.queuedWindows(id);
  const unwindowed = Math.max(0, p.queued - windows.reduce((s, w) => s + w.queued, 0));
  const live = b.state === "running" || b.state === "scheduled";
  const projection = live
    ? projectSchedule({ recipients: queuedOrder(windows, unwindowed), rate: b.rate, startAt: Math.max(now, b.startAt), horizonMs: 30 * 24 * HOUR })
    : null;
  const sentSoFar = done.at(-1)?.value ?? 0;
  const projected = projection
    ? [{ at: Math.max(now, b.startAt), value: sentSoFar }, ...projection.timeline.map((t) => ({ at: t.at, value: sentSoFar + t.messages }))]
    : [];
  const finish = live ? (projection?.finishAt ?? null) : b.finishedAt;
  const chart = lineChart({
    id: "broadcast-progress",
    title: `Broadcast #${id}: messages handed to Twilio over time${live ? ", and the projection (quiet hours included)" : ""}`,
    lines: [
      { name: "sent", color: COLORS.delivered, points: done },
      ...(projected.length > 1 ? [{ name: "projected", color: "#888", points: projected, dashed: true }] : []),
    ],
    markers: finish ? [{ name: live ? "projected finish" : "finished", at: finish }] : [],
    yMax: p.messages + p.queued,
  });
  const waiting = windows.length
    ? table(
        ["Window", "Queued"],
        windows.map((w) => [esc(w.window), esc(w.queued)]),
      )
    : "";
  const body = `<p><a href="/dashboard/broadcasts/${id}">Broadcast #${id}</a>: ${esc(b.state)}, ${p.accepted} of ${p.messages + p.queued} handed to Twilio, ${p.queued} recipient(s) queued.</p>
<p id="projected-finish" data-finish="${finish ?? ""}" data-unreached="${projection?.unreached ?? 0}">${live ? "Projected finish" : "Finished"}: <strong>${
    finish ? esc(time(finish)) : live ? "not within 30 days" : "—"
  }</strong></p>${chart}${waiting ? `<h2>Waiting for their quiet-hours window</h2>${waiting}` : ""}`;
  return page(`Broadcast #${id} progress`, `<style>${CHART_STYLE}</style>${body}`, live ? { refreshSeconds: 5 } : {});
}

export async function conversationPage(service: BroadcastService, userId: string): Promise<string | null> {
  const user = await service.store.getUser(userId);
  if (!user) return null;
  const messages = (await service.broadcasts.searchLogs({ userId, limit: 500, newestFirst: true })).reverse();
  const bubbles = messages
    .map((m) => {
      const failed = m.direction === "out" && outcomeOf(m) === "failed";
      const history = m.statusHistory.map((h) => `${h.status}${h.errorCode ? ` (${h.errorCode})` : ""} ${time(h.at).slice(11)}`).join(" → ");
      const error = m.errorCode !== null ? ` · ${m.errorCode} ${explainTwilioError(m.errorCode).title}` : "";
      return `<div class="bubble ${m.direction}${failed ? " failed" : ""}" data-direction="${m.direction}" data-type="${esc(m.type)}" data-status="${esc(m.status ?? "")}" data-history="${esc(
        m.statusHistory.map((h) => h.status).join(","),
      )}">${esc(m.body)}${m.media.map((u) => `<div class="meta">${esc(u)}</div>`).join("")}<div class="meta">${esc(time(m.at))} · ${esc(m.type)}${
        m.direction === "out" ? ` · ${esc(m.status ?? "")}${history ? ` (${esc(history)})` : ""}${esc(error)}` : ""
      }</div></div>`;
    })
    .join("");
  const hold = await service.store.loopGuard?.latest(userId);
  const active = hold && hold.clearedAt === null && hold.until > service.clock.now() ? [hold] : [];
  return page(
    `Conversation with ${userId}`,
    `<style>${CHART_STYLE}</style>${holdList(active)}<p><a href="/dashboard/users/${encodeURIComponent(userId)}">User details</a></p><div class="chat">${bubbles || '<p class="muted">No messages yet.</p>'}</div>`,
  );
}

function holdList(holds: { userId: string; detail: string; until: number; rule: string }[]): string {
  return holds
    .map(
      (h) =>
        `<div class="hold" data-loop-guard="${esc(h.userId)}" data-rule="${esc(h.rule)}">Loop guard: sending to <a href="/dashboard/users/${encodeURIComponent(h.userId)}/conversation">${esc(h.userId)}</a> is stopped (${esc(h.detail)}) until ${esc(time(h.until))} UTC.
<form method="post" action="/dashboard/loop-guard/clear" style="display:inline"><input type="hidden" name="user" value="${esc(h.userId)}"><button>Clear hold</button></form></div>`,
    )
    .join("");
}
