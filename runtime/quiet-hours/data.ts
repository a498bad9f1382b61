/** @module The time-zone tables shipped as data: phone-number prefixes (libphonenumber) and countries (tz database zone.tab). Read once, on first use. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "data");

function lines(file: string): string[] {
  return readFileSync(path.join(DATA_DIR, file), "utf8")
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"));
}

let phone: Map<string, string[]> | null = null;
let countries: Map<string, string[]> | null = null;

/** Prefix (digits after +) → zones; see data/SOURCES.md. */
export function phonePrefixes(): Map<string, string[]> {
  phone ??= new Map(
    lines("phone-zones.txt").map((line) => {
      const [prefix, zones] = line.split("|");
      return [prefix!, zones!.split("&")];
    }),
  );
  return phone;
}

/** ISO 3166 alpha-2 code → zones. */
export function countryZones(): Map<string, string[]> {
  countries ??= new Map(
    lines("country-zones.txt").map((line) => {
      const [code, ...zones] = line.split(" ");
      return [code!, zones];
    }),
  );
  return countries;
}

/** The zones of the longest prefix of `e164` in the table, with the prefix; null when no prefix matches. */
export function zonesOfNumber(e164: string): { prefix: string; zones: string[] } | null {
  const digits = e164.replace(/^\+/, "");
  if (!/^\d{4,15}$/.test(digits)) return null;
  const table = phonePrefixes();
  for (let length = Math.min(digits.length, 9); length >= 1; length--) {
    const zones = table.get(digits.slice(0, length));
    if (zones) return { prefix: digits.slice(0, length), zones };
  }
  return null;
}
