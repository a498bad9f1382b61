/** @module Quiet hours end to end on a virtual clock: a marketing broadcast planned, fed and sent through the emulator reaches each recipient only inside 08:00–21:00 local time, across a US DST change. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import { defaultConfig } from "../../config/defaults.ts";
import { createBroadcastService, createFeeder, newLease, parseBroadcastSettings, startPlanned } from "../../runtime/broadcast/index.ts";
import type { BroadcastService, BroadcastStore, DryRunReport } from "../../runtime/broadcast/index.ts";
import { newSession } from "../../engine/index.ts";
import { startEmulator } from "../../sandbox/emulator/index.ts";
import type { Emulator } from "../../sandbox/emulator/index.ts";
import { createMemoryLogger } from "../../runtime/log/logger.ts";
import { createDispatcher } from "../../runtime/outbox/index.ts";
import { engineEnv } from "../../runtime/server/index.ts";
import { openDatabase, storeOn } from "../../runtime/store/index.ts";
import type { Store } from "../../runtime/store/index.ts";
import { broadcastStoreOn } from "../../runtime/store/sqlite/broadcasts.ts";
import { createTwilioClient } from "../../runtime/twilio/index.ts";
import { broadcastChartPage } from "../../runtime/dashboard/charts/pages.ts";

/** Sunday 8 March 2026, 06:00 UTC: the night US clocks move forward (02:00 local). Europe changes on 29 March. */
const START = Date.UTC(2026, 2, 8, 6, 0);

/** Recipients, how their zone is found, and when 08:00 local comes after START (UTC, worked out by hand). */
const RECIPIENTS: { id: string; vars?: Record<string, string>; meta?: Record<string, string>; opensAt: number; zone: string }[] = [
  // 08:00 EDT (UTC-4, the day DST starts) = 12:00Z; without the DST change it would be 13:00Z.
  { id: "+12125550101", opensAt: Date.UTC(2026, 2, 8, 12), zone: "America/New_York" },
  { id: "+13125550102", opensAt: Date.UTC(2026, 2, 8, 13), zone: "America/Chicago" },
  { id: "+13035550103", opensAt: Date.UTC(2026, 2, 8, 14), zone: "America/Denver" },
  { id: "+12135550104", opensAt: Date.UTC(2026, 2, 8, 15), zone: "America/Los_Angeles" },
  // Arizona keeps MST: 08:00 = 15:00Z.
  { id: "+16025550105", opensAt: Date.UTC(2026, 2, 8, 15), zone: "America/Phoenix" },
  // Honolulu (UTC-10, no DST): 06:00Z is 20:00 the evening before, still open.
  { id: "+18085550106", opensAt: START, zone: "Pacific/Honolulu" },
  // Twilio's FromState wins over the (New York) area code.
  { id: "+12125550107", meta: { _fromState: "CA", _fromCountry: "US" }, opensAt: Date.UTC(2026, 2, 8, 15), zone: "America/Los_Angeles" },
  // The bot's own variable wins over everything.
  { id: "+12125550108", vars: { timezone: "America/Anchorage" }, opensAt: Date.UTC(2026, 2, 8, 16), zone: "America/Anchorage" },
  // London keeps GMT until 29 March: 08:00 = 08:00Z.
  { id: "+442079460109", meta: { _fromCountry: "GB" }, opensAt: Date.UTC(2026, 2, 8, 8), zone: "Europe/London" },
  // Tokyo: 06:00Z is 15:00 JST, open at the start.
  { id: "+81355550110", opensAt: START, zone: "Asia/Tokyo" },
];

let emulator: Emulator;
let store: Store;
let broadcasts: BroadcastStore;
let service: BroadcastService;
let now = START;
const clock = { now: () => now };
const { logger, lines } = createMemoryLogger("info");

beforeAll(async () => {
  emulator = await startEmulator({ seed: 14, now: clock.now, delivery: { latencyMs: 1 } });
  const db = openDatabase(":memory:");
  store = storeOn(db);
  broadcasts = broadcastStoreOn(db);
  for (const r of RECIPIENTS) {
    const session = newSession(r.id, 0);
    Object.assign(session.vars, r.vars ?? {});
    Object.assign(session.meta, r.meta ?? {});
    await store.apply({ at: 0, session: { userId: r.id, session } });
  }
  const { ir } = compile([{ path: "main.bot", text: "+ hello\n- Hi!\n" }]);
  const { settings, errors } = parseBroadcastSettings({ marketing: true, rate: 20 });
  expect(errors).toEqual([]);
  service = createBroadcastService({
    ir,
    botConfig: { ...defaultConfig(), sender: { type: "short-code" } },
    settings,
    sender: { type: "short-code", source: "test" },
    store,
    broadcasts,
    clock,
    env: engineEnv({ ir, clock, logger }),
  });
}, 30_000);
afterAll(async () => {
  await emulator?.close();
  await store?.close();
});

async function plan(body: string): Promise<{ report: DryRunReport; start: () => Promise<number> }> {
  const result = await service.plan({ body }, "cli");
  if (result.type !== "planned") throw new Error(`not planned: ${JSON.stringify(result)}`);
  return {
    report: result.plan.report,
    start: async () => {
      const started = await startPlanned(broadcasts, result.plan, now, lease);
      if (started.type !== "started") throw new Error(started.message);
      return started.broadcast.id;
    },
  };
}
const lease = newLease();

describe("quiet hours (marketing: true → 21:00–08:00 local)", () => {
  it("the dry run counts recipients per window and projects the finish at the last opening", async () => {
    now = START;
    const { report } = await plan("Spring sale! Reply STOP to opt out");
    expect(report.quietHours).not.toBeNull();
    const q = report.quietHours!;
    expect(q.quiet).toEqual({ start: "21:00", end: "08:00" });
    const byZone = Object.fromEntries(q.windows.map((w) => [w.label, [w.recipients, w.opensAt]]));
    expect(byZone).toEqual({
      "America/New_York": [1, Date.UTC(2026, 2, 8, 12)],
      "America/Chicago": [1, Date.UTC(2026, 2, 8, 13)],
      "America/Denver": [1, Date.UTC(2026, 2, 8, 14)],
      "America/Los_Angeles": [2, Date.UTC(2026, 2, 8, 15)],
      "America/Phoenix": [1, Date.UTC(2026, 2, 8, 15)],
      "Pacific/Honolulu": [1, START],
      "America/Anchorage": [1, Date.UTC(2026, 2, 8, 16)],
      "Europe/London": [1, Date.UTC(2026, 2, 8, 8)],
      "Asia/Tokyo": [1, START],
    });
    expect(q.unknown).toBe(0);
    // The last window to open is Anchorage's (08:00 AKDT = 16:00Z); one recipient at 20 msg/s goes right then.
    expect(report.finishAt).toBe(Date.UTC(2026, 2, 8, 16));
    expect(report.confirm).toBeNull();
  });

  it("sends to each recipient only inside its window, at its opening, and lets replies through at night", async () => {
    now = START;
    const { start } = await plan("Spring sale! Reply STOP to opt out");
    const id = await start();
    const client = createTwilioClient({ accountSid: emulator.accountSid, authToken: emulator.authToken, baseUrl: emulator.url, timeoutMs: 2000 });
    const dispatcher = createDispatcher({
      store,
      twilio: client,
      clock,
      logger,
      sender: { from: "12345", messagingServiceSid: null },
      publicUrl: null,
      settings: { ordering: "relaxed" },
      fireReminder: async () => undefined,
    });
    const feeder = createFeeder({ broadcasts, id, lease, clock, logger });

    // A reply at 01:00 New York time is conversation, not marketing: it goes at once.
    await store.apply({
      at: now,
      outbox: [{ userId: RECIPIENTS[0]!.id, kind: "reply", body: "Your appointment is at 9", media: [], dueAt: now, seq: 0, cancelable: false }],
    });
    await dispatcher.tick();
    const reply = emulator.messages().find((m) => m.body === "Your appointment is at 9");
    expect(reply?.to).toBe(RECIPIENTS[0]!.id);

    // Two virtual days in one-minute steps.
    for (let step = 0; step < 14 * 60 && (await broadcasts.get(id))!.state !== "done"; step++) {
      await feeder.feed();
      await dispatcher.tick();
      now += 60_000;
    }
    expect((await broadcasts.get(id))!.state).toBe("done");
    const sent = (await store.listOutbox()).filter((r) => r.kind === "broadcast");
    expect(sent).toHaveLength(RECIPIENTS.length);
    for (const r of RECIPIENTS) {
      const row = sent.find((s) => s.userId === r.id)!;
      expect(row.state, r.id).toBe("sent");
      // Not before 08:00 local, and within the minute step after it.
      expect(row.sentAt!, `${r.id} (${r.zone})`).toBeGreaterThanOrEqual(r.opensAt);
      expect(row.sentAt! - r.opensAt, `${r.id} (${r.zone})`).toBeLessThan(2 * 60_000);
      const local = new Intl.DateTimeFormat("en-GB", { timeZone: r.zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(row.sentAt!);
      expect(local >= "08:00" && local < "21:00", `${r.id} got it at ${local} ${r.zone}`).toBe(true);
    }
    // The emulator's record agrees: every broadcast message was created at Twilio inside its window.
    const created = emulator.messages().filter((m) => m.body.startsWith("Spring sale"));
    expect(created).toHaveLength(RECIPIENTS.length);
    expect(lines().some((l) => JSON.stringify(l).includes("are in their quiet hours and wait for their window"))).toBe(true);
  }, 60_000);

  it("the dashboard's progress chart projects the finish across the windows still closed", async () => {
    now = START;
    const { start } = await plan("Progress check, reply STOP to opt out");
    const id = await start();
    const html = (await broadcastChartPage(service, id))!;
    // Nothing sent yet; Tokyo and Honolulu are open now, Anchorage (08:00 AKDT = 16:00Z) opens last.
    expect(html).toMatch(new RegExp(`id="projected-finish" data-finish="${Date.UTC(2026, 2, 8, 16)}"`));
    expect(html).toContain('data-marker="projected finish"');
    expect(html).toContain("Waiting for their quiet-hours window");
    expect(html).toContain("21:00-08:00 America/Anchorage</td><td>1</td>");
    // The projected line ends at all 10 messages.
    const values = [...html.matchAll(/data-series="projected" data-at="\d+" data-value="(\d+)"/g)].map((m) => Number(m[1]));
    expect(values.at(-1)).toBe(RECIPIENTS.length);
    await broadcasts.cancel(id, now);
  });

  it("holds the evening: a recipient whose window closes at 21:00 waits for the next morning", async () => {
    // 02:30Z on 9 March is 22:30 EDT on the 8th in New York, 19:30 PDT in Los Angeles.
    now = Date.UTC(2026, 2, 9, 2, 30);
    const { report } = await plan("Evening offer, reply STOP to opt out");
    const ny = report.quietHours!.windows.find((w) => w.label === "America/New_York")!;
    const la = report.quietHours!.windows.find((w) => w.label === "America/Los_Angeles")!;
    expect(ny.opensAt).toBe(Date.UTC(2026, 2, 9, 12));
    expect(la.opensAt).toBe(now);
  });
});
