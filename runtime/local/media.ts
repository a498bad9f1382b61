/** @module Media in outgoing messages: URLs pass through; paths relative to the bot folder must exist inside it. */
import { existsSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";

export type MediaCheck = { ok: true } | { ok: false; reason: string };

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Checks one media reference of a message. The message keeps the reference exactly as written (the SMS
 * runtime turns relative paths into URLs it serves); this only answers whether it can be sent.
 */
export function checkMedia(reference: string, root: string): MediaCheck {
  if (HAS_SCHEME.test(reference)) {
    return /^https?:/i.test(reference) ? { ok: true } : { ok: false, reason: `"${reference}" cannot be sent: use an http(s) URL or a path inside the bot folder` };
  }
  const file = resolve(root, reference);
  const inside = relative(root, file);
  if (inside.startsWith("..") || isAbsolute(inside)) {
    return { ok: false, reason: `"${reference}" is outside the bot folder ${root}; move the file into the folder and use a relative path` };
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    return { ok: false, reason: `file "${reference}" not found in the bot folder ${root}; add it or fix the path in the bot` };
  }
  return { ok: true };
}
