/** @module Quiet-hours tables: zone resolution order, the shipped data, windows across DST, the strictest window of a region, the projection and the settings. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newSession } from "../../engine/index.ts";
import { parseBroadcastSettings } from "../../runtime/broadcast/index.ts";
import { assignWindow, isOpen, nextOpen, parseQuietHours, projectSchedule, resolveZones, windowKey } from "../../runtime/quiet-hours/index.ts";
import type { QuietHours } from "../../runtime/quiet-hours/index.ts";
import { narrowToCommonWindow } from "../../runtime/quiet-hours/window.ts";
import { countryZones, phonePrefixes, zonesOfNumber } from "../../runtime/quiet-hours/data.ts";
import type { UserRecord } from "../../runtime/store/index.ts";

function user(id: string, vars: Record<string, string> = {}, meta: Record<string, string> = {}): UserRecord {
  const session = newSession(id, 0);
  Object.assign(session.vars, vars);
  Object.assign(session.meta, meta);
  return { id, session, optedOut: false, optedOutAt: null, optOutReason: null, firstSeenAt: 0, lastSeenAt: 0 };
}
const QUIET: QuietHours = parseQuietHours(undefined, true).quietHours!;
const W = QUIET.window;

describe("the shipped tables", () => {
  it("name only zones Node's Intl knows, and cover the NANP area codes and calling codes", () => {
    const zones = new Set([...phonePrefixes().values(), ...countryZones().values()].flat());
    expect(zones.size).toBeGreaterThan(400);
    for (const zone of zones) expect(() => new Intl.DateTimeFormat("en-US", { timeZone: zone }), zone).not.toThrow();
    expect(zonesOfNumber("+19075550100")?.zones).toEqual(["America/Adak", "America/Anchorage"]);
    expect(zonesOfNumber("+17875550100")?.zones).toEqual(["America/Puerto_Rico"]);
    expect(zonesOfNumber("+61255550100")?.zones).toEqual(["Australia/Sydney"]);
    expect(countryZones().get("US")).toContain("Pacific/Honolulu");
  });
});

describe("time zone of a recipient", () => {
  it.each([
    ["area code", user("+12065550100"), ["America/Los_Angeles"], "area-code"],
    ["area code, Central", user("+16155550100"), ["America/Chicago"], "area-code"],
    ["Canadian area code", user("+14165550100"), ["America/Toronto"], "area-code"],
    ["calling code", user("+33612345678"), ["Europe/Paris"], "calling-code"],
    ["user variable first", user("+12065550100", { timezone: "Asia/Kolkata" }), ["Asia/Kolkata"], "variable"],
    ["an invalid variable is ignored", user("+12065550100", { timezone: "Mars/Olympus" }), ["America/Los_Angeles"], "area-code"],
    ["FromState over the area code", user("+12065550100", {}, { _fromState: "NY", _fromCountry: "US" }), ["America/New_York"], "state"],
    ["a split state lists its zones", user("+12065550100", {}, { _fromState: "TN" }), ["America/Chicago", "America/New_York"], "state"],
    ["FromCountry that disagrees with the number", user("+12065550100", {}, { _fromCountry: "GB" }), ["Europe/London"], "country"],
    ["FromCountry that agrees keeps the area code", user("+12065550100", {}, { _fromCountry: "US" }), ["America/Los_Angeles"], "area-code"],
  ])("%s", (_what, u, zones, source) => {
    expect(resolveZones(u, "timezone")).toEqual({ zones, source });
  });

  it("a number without a known prefix falls back to UTC and counts as unknown", () => {
    expect(resolveZones(user("not-a-number"), "timezone")).toEqual({ zones: ["UTC"], source: "unknown" });
    expect(assignWindow(user("not-a-number"), QUIET, 0).exact).toBe(false);
  });

  it("an unknown zone in a wide region gets the strictest window that exists there", () => {
    // +1 999 is no area code: the whole NANP, Guam to Newfoundland. The only common window is where
    // 08:00 has come in Guam and 21:00 not yet in Newfoundland (22:00Z in January); it counts as unknown.
    const at = Date.UTC(2026, 0, 15, 12);
    const assigned = assignWindow(user("+19995550100"), QUIET, at);
    expect(assigned.exact).toBe(false);
    expect(assigned.zones).toHaveLength(42);
    expect(nextOpen(assigned.zones, W, at)).toBe(Date.UTC(2026, 0, 15, 22));
    // Strictest for a US number whose zone is unknown: open only when 08:00 has come in Hawaii (13:00 EST)
    // and 21:00 has not in Newfoundland/Atlantic.
    const us = assignWindow(user("+12065550100", {}, { _fromCountry: "US", _fromState: "XX" }), QUIET, at);
    expect(us.zones).toEqual(["America/Los_Angeles"]);
    const country = assignWindow(user("+442071234567", {}, { _fromCountry: "US" }), QUIET, at);
    expect(country.exact).toBe(false);
    expect(isOpen(country.zones, W, Date.UTC(2026, 0, 15, 17, 59))).toBe(false);
    expect(isOpen(country.zones, W, Date.UTC(2026, 0, 15, 18, 0))).toBe(true);
    expect(isOpen(country.zones, W, Date.UTC(2026, 0, 16, 1, 59))).toBe(true);
    expect(isOpen(country.zones, W, Date.UTC(2026, 0, 16, 2, 0))).toBe(false);
  });
});

describe("zones without a common window", () => {
  it("keep the largest group that shares one", () => {
    // Open 09:00–17:00 only: London and Tokyo never overlap; London, Paris and Berlin do.
    const office: QuietHours = parseQuietHours({ start: "17:00", end: "09:00" }, false).quietHours!;
    const at = Date.UTC(2026, 0, 15, 12);
    const zones = ["Asia/Tokyo", "Europe/London", "Europe/Paris", "Europe/Berlin"];
    expect(nextOpen(zones, office.window, at)).toBeNull();
    const kept = narrowToCommonWindow(zones, office.window, at);
    expect(kept.sort()).toEqual(["Europe/Berlin", "Europe/London", "Europe/Paris"]);
    expect(nextOpen(kept, office.window, at)).toBe(at);
  });
});

describe("the window", () => {
  it("is closed from 21:00 to 08:00 local, and the edges are exact", () => {
    const ny = ["America/New_York"];
    expect(isOpen(ny, W, Date.UTC(2026, 0, 15, 12, 59))).toBe(false); // 07:59 EST
    expect(isOpen(ny, W, Date.UTC(2026, 0, 15, 13, 0))).toBe(true); // 08:00
    expect(isOpen(ny, W, Date.UTC(2026, 0, 16, 1, 59))).toBe(true); // 20:59
    expect(isOpen(ny, W, Date.UTC(2026, 0, 16, 2, 0))).toBe(false); // 21:00
  });

  it("moves with DST in autumn: 08:00 EST comes an hour later in UTC than 08:00 EDT did", () => {
    // 1 November 2026, 04:00Z = 00:00 EDT; clocks fall back at 02:00 EDT (06:00Z).
    expect(nextOpen(["America/New_York"], W, Date.UTC(2026, 10, 1, 4))).toBe(Date.UTC(2026, 10, 1, 13));
    expect(nextOpen(["America/New_York"], W, Date.UTC(2026, 9, 31, 4))).toBe(Date.UTC(2026, 9, 31, 12));
    // Southern hemisphere: Sydney moves to AEDT on 4 October 2026 (UTC+11): 08:00 = 21:00Z the day before.
    expect(nextOpen(["Australia/Sydney"], W, Date.UTC(2026, 9, 4, 12))).toBe(Date.UTC(2026, 9, 4, 21));
  });

  it("nextOpen always lands on an open minute with the minute before it closed (property)", () => {
    const zones = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "Pacific/Honolulu", "Europe/London", "Asia/Tokyo"];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 0, 1) }), fc.subarray(zones, { minLength: 1, maxLength: 3 }), (at, set) => {
        const open = nextOpen(set, W, at);
        if (open === null) return true;
        if (!isOpen(set, W, open)) return false;
        return open === at || !isOpen(set, W, open - 60_000);
      }),
      { numRuns: 300 },
    );
  });
});

describe("projection", () => {
  const key = (zone: string) => windowKey(W, [zone]);

  it("without quiet hours is the plain pace", () => {
    const p = projectSchedule({ recipients: Array.from({ length: 120 }, () => ({ key: null, messages: 1 })), rate: 1, startAt: 0, horizonMs: 86_400_000 });
    expect(p.finishAt).toBe(119_000);
    expect(p.unreached).toBe(0);
  });

  it("fills each window at the pace and says when a broadcast cannot finish within the horizon", () => {
    // 01:00 EST: New York opens at 13:00Z. 50,000 recipients at 1 msg/s need 13.9 h; a window is 13 h.
    const start = Date.UTC(2026, 0, 15, 6);
    const recipients = Array.from({ length: 50_000 }, () => ({ key: key("America/New_York"), messages: 1 }));
    const oneDay = projectSchedule({ recipients, rate: 1, startAt: start, horizonMs: 86_400_000 });
    expect(oneDay.finishAt).toBeNull();
    expect(oneDay.unreached).toBe(50_000 - 13 * 3600);
    const twoDays = projectSchedule({ recipients, rate: 1, startAt: start, horizonMs: 2 * 86_400_000 });
    // The rest goes the next morning from 08:00 EST (13:00Z on the 16th).
    expect(twoDays.finishAt).toBe(Date.UTC(2026, 0, 16, 13) + (50_000 - 13 * 3600 - 1) * 1000);
  });

  it("a recipient's parts go together", () => {
    const p = projectSchedule({
      recipients: [
        { key: null, messages: 3 },
        { key: null, messages: 3 },
      ],
      rate: 0.05,
      startAt: 0,
      horizonMs: 86_400_000,
    });
    // 3 messages per minute: the second recipient starts in the second minute.
    expect(p.finishAt).toBe(60_000);
  });
});

describe("settings", () => {
  it("are off by default, on with marketing, and configurable", () => {
    expect(parseBroadcastSettings({}).settings.quietHours).toBeNull();
    expect(parseBroadcastSettings({ marketing: true }).settings.quietHours).toMatchObject({
      window: { start: 21 * 60, end: 8 * 60 },
      maxDays: 3,
      timezoneVariable: "timezone",
    });
    expect(parseBroadcastSettings({ marketing: true, quietHours: { enabled: false } }).settings.quietHours).toBeNull();
    expect(parseBroadcastSettings({ quietHours: { start: "20:00", end: "09:30", maxDays: 1, timezoneVariable: "tz" } }).settings.quietHours).toEqual({
      window: { start: 20 * 60, end: 9 * 60 + 30 },
      maxDays: 1,
      timezoneVariable: "tz",
    });
  });

  it("name the key of a bad value", () => {
    expect(parseBroadcastSettings({ quietHours: { start: "9pm" } }).errors).toEqual([
      'bot.config.yaml broadcast.quietHours.start: "9pm" is not a time of day; write it as HH:MM, 24-hour (such as 21:00)',
    ]);
    expect(parseBroadcastSettings({ quietHours: { begin: "21:00" } }).errors.join("\n")).toMatch(/broadcast\.quietHours/);
    expect(parseBroadcastSettings({ marketing: "yes" }).errors.join("\n")).toMatch(/broadcast\.marketing/);
  });
});
