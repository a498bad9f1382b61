/** @module A recipient's time zone: the bot's variable, else Twilio's FromState/FromCountry facts, else the number's area code or calling code. */
import type { UserRecord } from "../store/index.ts";
import { isZone, offsetMinutes } from "./clock.ts";
import { countryZones, zonesOfNumber } from "./data.ts";
import { zonesOfState } from "./regions.ts";

export type ZoneSource = "variable" | "state" | "area-code" | "country" | "calling-code" | "unknown";

export interface ZoneResolution {
  /** One zone when known; several when only the region is (the window must hold in all of them). */
  zones: string[];
  source: ZoneSource;
}

/**
 * In order: the user variable (a valid IANA name), Twilio's `FromState` (with `FromCountry`), the number's
 * prefix when it agrees with `FromCountry` (an area code names one zone where the country names many),
 * `FromCountry`, the number's prefix, else UTC (counted as unknown).
 */
export function resolveZones(user: UserRecord, variable: string): ZoneResolution {
  const set = user.session?.vars[variable]?.trim();
  if (set && isZone(set)) return { zones: [set], source: "variable" };
  const meta = user.session?.meta ?? {};
  const country = meta["_fromCountry"]?.trim().toUpperCase() || undefined;
  const state = meta["_fromState"]?.trim();
  if (state) {
    const zones = zonesOfState(state, country);
    if (zones) return { zones, source: "state" };
  }
  const byNumber = zonesOfNumber(user.id);
  const ofCountry = country ? countryZones().get(country) : undefined;
  if (byNumber && ofCountry && byNumber.zones.every((z) => ofCountry.includes(z) || sameClock(z, ofCountry)))
    return { zones: byNumber.zones, source: byNumber.prefix.length > 3 && byNumber.prefix.startsWith("1") ? "area-code" : "calling-code" };
  if (ofCountry) return { zones: ofCountry, source: "country" };
  if (byNumber) return { zones: byNumber.zones, source: byNumber.prefix.length > 3 && byNumber.prefix.startsWith("1") ? "area-code" : "calling-code" };
  return { zones: ["UTC"], source: "unknown" };
}

/** A zone link such as America/Fort_Wayne is not in zone.tab; one on the same clock as a listed zone still agrees. */
function sameClock(zone: string, listed: readonly string[]): boolean {
  const jan = Date.UTC(2025, 0, 15);
  const jul = Date.UTC(2025, 6, 15);
  return listed.some((other) => offsetMinutes(zone, jan) === offsetMinutes(other, jan) && offsetMinutes(zone, jul) === offsetMinutes(other, jul));
}

/** Whether the zones run one clock (so the recipient's local time is known even if the zone name is not). */
export function oneClock(zones: readonly string[], at: number): boolean {
  const first = offsetMinutes(zones[0]!, at);
  return zones.every((z) => offsetMinutes(z, at) === first);
}
