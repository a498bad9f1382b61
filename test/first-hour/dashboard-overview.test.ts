/**
 * The dashboard overview and users API (issue 27, item 8), through a real runtime server on SQLite and PostgreSQL:
 * counts for today and the last 7 days, inbound rows with their segments and encoding, and `/api/users` giving no
 * opt-out reason to a user who texted START (it said "START").
 */
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { startBroadcastServer, STORE_KINDS, TOKEN } from "../dashboard/server.ts";
import type { BroadcastServer } from "../dashboard/server.ts";

let h: BroadcastServer | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});
const auth = { Authorization: `Bearer ${TOKEN}` };

describe.each(STORE_KINDS)("on %s", (store) => {
  it("overview counts, inbound segments and encoding, and no opt-out reason after START", async () => {
    h = await startBroadcastServer({ users: 3, optedOut: 0, token: TOKEN, store });
    const [texter, stopper, returner] = h.ids as [string, string, string];
    const now = Date.now();
    const entry = { sid: null, media: [], errorCode: null, segments: null, encoding: null, priceEstimate: null, outboxId: null, createdAt: now };
    await h.store.apply({ at: now, log: [{ ...entry, direction: "in", userId: texter, body: "Café ☕ open?", status: "received" }] });
    await h.store.apply({
      at: now,
      log: [{ ...entry, direction: "out", userId: texter, body: "Yes", status: "undelivered", errorCode: 30007, segments: 1, encoding: "GSM-7" }],
    });
    await h.store.apply({ at: now, optOut: { userId: stopper, optedOut: true, reason: "STOP" } });
    await h.store.apply({ at: now - 1000, optOut: { userId: returner, optedOut: true, reason: "STOP" } });
    await h.store.apply({ at: now, optOut: { userId: returner, optedOut: false, reason: "START" } });

    const users = await request(h.server.app).get("/api/users").set(auth);
    const reasons = Object.fromEntries(
      (users.body.users as { id: string; optedOut: boolean; optOutReason: string | null }[]).map((u) => [u.id, [u.optedOut, u.optOutReason]]),
    );
    expect(reasons[stopper]).toEqual([true, "STOP"]);
    expect(reasons[returner]).toEqual([false, null]);

    const overview = await request(h.server.app).get("/dashboard").set(auth);
    expect(overview.status).toBe(200);
    const cells = (name: string) => {
      const row = new RegExp(`<tr><td>${name}</td><td>(.*?)</td><td>(.*?)</td></tr>`).exec(overview.text);
      return row ? [row[1], row[2]] : null;
    };
    expect(overview.text).toContain("<th>Today (UTC)</th><th>Last 7 days</th>");
    expect(cells("Inbound")).toEqual(["1", "1"]);
    expect(cells("Outbound")?.[0]).toBe('1<div class="muted">undelivered 1</div>');
    expect(cells("Failures")?.[0]).toMatch(/^<span class="err">1<\/span><div class="muted">30007 [^<]+ ×1<\/div>$/);
    expect(cells("Opt-outs")).toEqual(["1", "1"]);

    const messages = await request(h.server.app)
      .get(`/dashboard/messages?user=${encodeURIComponent(texter)}&type=inbound`)
      .set(auth);
    expect(messages.text).toContain("<td>1 UCS-2</td>");
  }, 60_000);
});
