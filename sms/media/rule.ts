/**
 * @module The one media rule: whether a media reference of a reply (`^image(…)`, `^file(…)` …) can be sent,
 * and how. Pure: what the bot folder holds comes in as `FileFacts` (runtime/media/bot-folder.ts reads them).
 * `bot lint` reports what this refuses (SMS005, SMS007, SMS008, SMS015, SMS016) and the runtime drops the
 * same references (RUN012), so a bot that lints clean sends all its media.
 */
import { ACCEPTED_TYPES, typeFromExtension } from "./content-types.ts";

/** Twilio refuses an MMS whose media add up to more than 5 MB (each file alone, and all of one message). */
export const MMS_TOTAL_BYTES = 5 * 1024 * 1024;

/** Why a reference cannot be sent; each maps to one lint code (see `lintCodeOf`). */
export type MediaProblem = "scheme" | "outside" | "hidden" | "missing" | "type" | "too-large";

/** What a reference is, from its text alone. */
export type MediaReference =
  | { kind: "url"; url: string }
  /** A path inside the bot folder, `/`-separated, with `.` and `..` segments resolved. */
  | { kind: "file"; path: string; contentType: string }
  | { kind: "refused"; problem: MediaProblem; reason: string };

/**
 * What the bot folder holds at a path: its real file (symlinks followed) and size, or why there is none. Only the
 * part of the real path inside the bot folder is judged: the folder itself may lie anywhere, hidden folders too.
 */
export type FileFacts =
  | { kind: "file"; bytes: number }
  | { kind: "missing" }
  | { kind: "not-a-file" }
  | { kind: "leaves-folder" }
  /** A link inside the folder to a hidden file or folder (`name`) inside it. */
  | { kind: "hidden-target"; name: string };

export type MediaVerdict =
  | { ok: true; kind: "url"; url: string }
  | { ok: true; kind: "file"; path: string; contentType: string; bytes: number }
  | { ok: false; problem: MediaProblem; reason: string };

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const HTTP_URL = /^https?:\/\/[^/\s]/i;

/** Reads a reference as written in the bot: an http(s) URL, a bot-folder path, or a refusal that needs no disk. */
export function readReference(written: string): MediaReference {
  const reference = written.trim();
  if (reference === "") return { kind: "refused", problem: "missing", reason: "the media reference is empty" };
  if (HTTP_URL.test(reference)) return { kind: "url", url: reference };
  if (/^[a-z]:[\\/]/i.test(reference) || reference.startsWith("/") || reference.startsWith("\\")) {
    return {
      kind: "refused",
      problem: "outside",
      reason: "it is outside the bot folder (an absolute path; write it relative to the folder that holds the .bot files)",
    };
  }
  if (SCHEME.test(reference)) {
    return { kind: "refused", problem: "scheme", reason: "it is neither an http(s) URL nor a path inside the bot folder" };
  }
  if (reference.includes("\\") || reference.includes("\0")) {
    return { kind: "refused", problem: "outside", reason: "it is not a path inside the bot folder (write folders with /, without \\ or NUL characters)" };
  }
  const segments: string[] = [];
  for (const segment of reference.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment !== "..") {
      segments.push(segment);
      continue;
    }
    if (segments.length === 0) return { kind: "refused", problem: "outside", reason: "it is outside the bot folder (its .. climbs out of it)" };
    segments.pop();
  }
  if (segments.length === 0) return { kind: "refused", problem: "missing", reason: "the path names the bot folder itself, not a file in it" };
  const hidden = segments.find((s) => s.startsWith("."));
  if (hidden !== undefined) {
    return { kind: "refused", problem: "hidden", reason: `"${hidden}" is hidden (its name starts with "."), and hidden files are never served` };
  }
  const path = segments.join("/");
  const contentType = typeFromExtension(path);
  if (contentType === null || !ACCEPTED_TYPES.has(contentType)) {
    const what = contentType === null ? "a file type Twilio does not know" : contentType;
    return { kind: "refused", problem: "type", reason: `it is ${what}, which MMS does not accept` };
  }
  return { kind: "file", path, contentType };
}

/** The verdict on a bot-folder file, given what the folder holds at its path. */
export function judgeFile(reference: Extract<MediaReference, { kind: "file" }>, facts: FileFacts): MediaVerdict {
  switch (facts.kind) {
    case "file":
      if (facts.bytes > MMS_TOTAL_BYTES) {
        return { ok: false, problem: "too-large", reason: `it is ${facts.bytes} bytes, over the ${MMS_TOTAL_BYTES} bytes an MMS can carry` };
      }
      return { ok: true, kind: "file", path: reference.path, contentType: reference.contentType, bytes: facts.bytes };
    case "missing":
      return { ok: false, problem: "missing", reason: `file "${reference.path}" not found in the bot folder` };
    case "not-a-file":
      return { ok: false, problem: "missing", reason: `"${reference.path}" is a folder, not a file` };
    case "leaves-folder":
      return { ok: false, problem: "outside", reason: `it is a link that leads outside the bot folder` };
    case "hidden-target":
      return {
        ok: false,
        problem: "hidden",
        reason: `it is a link to "${facts.name}", which is hidden (its name starts with "."), and hidden files are never served`,
      };
    default: {
      const _exhaustive: never = facts;
      return _exhaustive;
    }
  }
}

/** The whole rule: `facts` answers for bot-folder paths (the caller's I/O); URLs are sent as they are. */
export function judgeMedia(written: string, facts: (path: string) => FileFacts): MediaVerdict {
  const reference = readReference(written);
  switch (reference.kind) {
    case "url":
      return { ok: true, kind: "url", url: reference.url };
    case "refused":
      return { ok: false, problem: reference.problem, reason: reference.reason };
    case "file":
      return judgeFile(reference, facts(reference.path));
    default: {
      const _exhaustive: never = reference;
      return _exhaustive;
    }
  }
}

/** The lint code that reports a problem (the runtime logs RUN012 for each of them). */
export function lintCodeOf(problem: MediaProblem): "SMS005" | "SMS007" | "SMS008" | "SMS015" | "SMS016" {
  switch (problem) {
    case "scheme":
    case "missing":
      return "SMS007";
    case "type":
      return "SMS008";
    case "outside":
      return "SMS015";
    case "hidden":
      return "SMS016";
    case "too-large":
      return "SMS005";
    default: {
      const _exhaustive: never = problem;
      return _exhaustive;
    }
  }
}
