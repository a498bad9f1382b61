/**
 * @module Twilio's `FromState` for the US and Canada → IANA zones. Compiled by hand from the tz database's
 * zone.tab comments (which name each zone's states and counties); a state split across zones lists every
 * zone, so the window used is the strictest of them.
 */

const US: Record<string, string[]> = {
  AL: ["America/Chicago"],
  AK: ["America/Anchorage", "America/Adak"],
  AZ: ["America/Phoenix", "America/Denver"],
  AR: ["America/Chicago"],
  CA: ["America/Los_Angeles"],
  CO: ["America/Denver"],
  CT: ["America/New_York"],
  DE: ["America/New_York"],
  DC: ["America/New_York"],
  FL: ["America/New_York", "America/Chicago"],
  GA: ["America/New_York"],
  HI: ["Pacific/Honolulu"],
  ID: ["America/Boise", "America/Los_Angeles"],
  IL: ["America/Chicago"],
  IN: ["America/Indiana/Indianapolis", "America/Chicago"],
  IA: ["America/Chicago"],
  KS: ["America/Chicago", "America/Denver"],
  KY: ["America/New_York", "America/Chicago"],
  LA: ["America/Chicago"],
  ME: ["America/New_York"],
  MD: ["America/New_York"],
  MA: ["America/New_York"],
  MI: ["America/Detroit", "America/Menominee"],
  MN: ["America/Chicago"],
  MS: ["America/Chicago"],
  MO: ["America/Chicago"],
  MT: ["America/Denver"],
  NE: ["America/Chicago", "America/Denver"],
  NV: ["America/Los_Angeles"],
  NH: ["America/New_York"],
  NJ: ["America/New_York"],
  NM: ["America/Denver"],
  NY: ["America/New_York"],
  NC: ["America/New_York"],
  ND: ["America/Chicago", "America/Denver"],
  OH: ["America/New_York"],
  OK: ["America/Chicago"],
  OR: ["America/Los_Angeles", "America/Boise"],
  PA: ["America/New_York"],
  RI: ["America/New_York"],
  SC: ["America/New_York"],
  SD: ["America/Chicago", "America/Denver"],
  TN: ["America/Chicago", "America/New_York"],
  TX: ["America/Chicago", "America/Denver"],
  UT: ["America/Denver"],
  VT: ["America/New_York"],
  VA: ["America/New_York"],
  WA: ["America/Los_Angeles"],
  WV: ["America/New_York"],
  WI: ["America/Chicago"],
  WY: ["America/Denver"],
  PR: ["America/Puerto_Rico"],
  VI: ["America/St_Thomas"],
  GU: ["Pacific/Guam"],
  MP: ["Pacific/Saipan"],
  AS: ["Pacific/Pago_Pago"],
};

const CA: Record<string, string[]> = {
  AB: ["America/Edmonton"],
  BC: ["America/Vancouver", "America/Edmonton"],
  MB: ["America/Winnipeg"],
  NB: ["America/Moncton"],
  NL: ["America/St_Johns", "America/Goose_Bay"],
  NS: ["America/Halifax"],
  NT: ["America/Edmonton"],
  NU: ["America/Iqaluit", "America/Rankin_Inlet", "America/Cambridge_Bay"],
  ON: ["America/Toronto", "America/Winnipeg"],
  PE: ["America/Halifax"],
  QC: ["America/Toronto"],
  SK: ["America/Regina"],
  YT: ["America/Whitehorse"],
};

/** Zones of a state or province code; the country decides between the tables when given (else both are tried). */
export function zonesOfState(state: string, country: string | undefined): string[] | null {
  const code = state.trim().toUpperCase();
  const c = country?.trim().toUpperCase();
  if (c === "US") return US[code] ?? null;
  if (c === "CA") return CA[code] ?? null;
  if (c !== undefined && c !== "") return null;
  return US[code] ?? CA[code] ?? null;
}
