/** @module Compares the messages a step produced with what the transcript expects, and explains a mismatch. */
import type { Delivered } from "../index.ts";
import type { ExpectedMessage } from "./types.ts";

/** Null when the messages match; otherwise a readable, line-per-message explanation. */
export function compareMessages(expected: ExpectedMessage[], actual: Delivered[]): string[] | null {
  const problems: string[] = [];
  if (expected.length !== actual.length) {
    problems.push(`expected ${count(expected.length)}, got ${count(actual.length)}`);
  }
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    const want = expected[i];
    const got = actual[i];
    if (want && got) {
      const why = mismatch(want, got);
      if (why) problems.push(`message ${i + 1}: ${why}`);
    }
  }
  if (problems.length === 0) return null;
  return [
    ...problems,
    "expected:",
    ...(expected.length ? expected.map((m, i) => `  - ${i + 1}. ${describeExpected(m)}`) : ["  - (no messages)"]),
    "actual:",
    ...(actual.length ? actual.map((m, i) => `  + ${i + 1}. ${describeActual(m)}`) : ["  + (no messages)"]),
  ];
}

function mismatch(want: ExpectedMessage, got: Delivered): string | null {
  if (want.body !== undefined && got.body !== want.body) return `body differs${firstDifference(want.body, got.body)}`;
  if (want.contains !== undefined && !got.body.includes(want.contains)) return `body does not contain ${JSON.stringify(want.contains)}`;
  if (want.regex !== undefined) {
    let re: RegExp;
    try {
      re = new RegExp(want.regex, "u");
    } catch (error) {
      return `invalid regex ${JSON.stringify(want.regex)}: ${(error as Error).message}`;
    }
    if (!re.test(got.body)) return `body does not match /${want.regex}/`;
  }
  if (want.oneOf !== undefined && !want.oneOf.includes(got.body)) return "body is none of the allowed replies";
  if (want.media !== undefined && JSON.stringify(want.media) !== JSON.stringify(got.media)) {
    return `media ${JSON.stringify(got.media)}, expected ${JSON.stringify(want.media)}`;
  }
  if (want.to !== undefined && got.to !== want.to) return `sent to ${got.to}, expected ${want.to}`;
  return null;
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return ` at character ${i + 1}`;
}

function describeExpected(m: ExpectedMessage): string {
  const parts: string[] = [];
  if (m.body !== undefined) parts.push(JSON.stringify(m.body));
  if (m.contains !== undefined) parts.push(`containing ${JSON.stringify(m.contains)}`);
  if (m.regex !== undefined) parts.push(`matching /${m.regex}/`);
  if (m.oneOf !== undefined) parts.push(`one of ${m.oneOf.map((s) => JSON.stringify(s)).join(" | ")}`);
  if (m.media !== undefined) parts.push(`[media: ${m.media.join(", ") || "none"}]`);
  if (m.to !== undefined) parts.push(`to ${m.to}`);
  return parts.join(" ");
}

function describeActual(m: Delivered): string {
  return JSON.stringify(m.body) + (m.media.length ? ` [media: ${m.media.join(", ")}]` : "");
}

const count = (n: number) => `${n} message${n === 1 ? "" : "s"}`;
