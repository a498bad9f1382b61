/** @module Media paths relative to the bot folder: the one set of rules for sending them (outbox, local runtime) and serving them (`GET /media/*`). */
import { realpathSync, statSync } from "node:fs";
import { extname, isAbsolute, relative, resolve } from "node:path";

/**
 * Extensions of the types Twilio accepts for MMS (docs: accepted MIME types). Anything else in the
 * bot folder (`.bot` sources with API keys, `.bot/bot.db`, `.env`) is neither sent nor served.
 */
export const MEDIA_EXTENSIONS: ReadonlySet<string> = new Set([
  "jpg",
  "jpeg",
  "png",
  "gif",
  "bmp",
  "tif",
  "tiff",
  "heic",
  "heif",
  "webp",
  "mp3",
  "m4a",
  "ogg",
  "oga",
  "opus",
  "wav",
  "amr",
  "aac",
  "3gp",
  "3g2",
  "ac3",
  "mp4",
  "mpeg",
  "mpg",
  "mov",
  "webm",
  "vcf",
  "vcard",
  "ics",
  "csv",
  "rtf",
  "pdf",
  "pkpass",
  "doc",
  "docx",
  "xls",
  "xlsx",
  "ppt",
  "pptx",
]);

export type MediaFile = { ok: true; file: string } | { ok: false; status: 403 | 404; reason: string };
export type MediaCheck = { ok: true } | { ok: false; reason: string };

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** Resolves a bot-folder path to the real file that may be served, or says why not. */
export function resolveMediaFile(root: string, path: string): MediaFile {
  const segments = path.split("/");
  if (segments.some((s) => s === ".." || s.startsWith(".") || s.includes("\\") || s.includes("\0"))) {
    return { ok: false, status: 403, reason: `"${path}" is outside the bot folder or hidden; move the file into the folder and use a relative path` };
  }
  const extension = extname(path).slice(1).toLowerCase();
  if (!MEDIA_EXTENSIONS.has(extension)) {
    return { ok: false, status: 404, reason: `"${path}": ".${extension}" is not a media type Twilio accepts for MMS (see docs/runtime.md, Media)` };
  }
  let realRoot: string;
  let real: string;
  try {
    realRoot = realpathSync(root);
    real = realpathSync(resolve(realRoot, path));
  } catch {
    return { ok: false, status: 404, reason: `file "${path}" not found in the bot folder ${root}; add it or fix the path in the bot` };
  }
  // A symlink must not lead out of the bot folder.
  const inside = relative(realRoot, real);
  if (inside.startsWith("..") || isAbsolute(inside)) {
    return { ok: false, status: 403, reason: `"${path}" leads outside the bot folder ${root}; move the file into the folder` };
  }
  if (!statSync(real).isFile()) {
    return { ok: false, status: 404, reason: `"${path}" is not a file in the bot folder ${root}` };
  }
  return { ok: true, file: real };
}

/**
 * Checks one media reference of an outgoing message: http(s) URLs pass through; a path must be a file the
 * runtime can serve from the bot folder. The message keeps the reference as written (the SMS runtime turns
 * relative paths into URLs it serves); this only answers whether it can be sent.
 */
export function checkMedia(reference: string, root: string): MediaCheck {
  if (HAS_SCHEME.test(reference)) {
    return /^https?:/i.test(reference)
      ? { ok: true }
      : { ok: false, reason: `"${reference}" cannot be sent: use an http(s) URL or a path inside the bot folder` };
  }
  const resolved = resolveMediaFile(root, reference.replace(/^\.\//, ""));
  return resolved.ok ? { ok: true } : { ok: false, reason: resolved.reason };
}
