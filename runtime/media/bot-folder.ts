/** @module Media in the bot folder: reads what the folder holds for the one media rule (rule.ts), for sending (outbox, local runtime), serving (`GET /media/*`) and `bot lint`. */
import { realpathSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { catalogEntry } from "../../compiler/diagnostics/catalog.ts";
import { formatMessage } from "../../compiler/diagnostics/types.ts";
import type { MediaInfo } from "../../compiler/lint/types.ts";
import { judgeFile, judgeMedia, readReference, type FileFacts, type MediaVerdict } from "../../sms/media/rule.ts";

/**
 * A file that may be served: `root` is the bot folder's real path and `path` the file's real path inside it
 * (`/`-separated), so `res.sendFile(path, { root, dotfiles: "deny" })` judges only the part inside the folder,
 * as the media rule does (a bot folder under `~/.local/…` or `/srv/.bots/…` is served).
 */
export type MediaFile = { ok: true; file: string; root: string; path: string } | { ok: false; status: 403 | 404; reason: string };
export type MediaCheck = MediaVerdict;

/** What the bot folder `root` holds at the bot-folder path `path` (already checked by `readReference`). */
export function fileFacts(root: string, path: string): FileFacts {
  return realFile(root, path).facts;
}

function realFile(root: string, path: string): { facts: FileFacts; file: string | null; realRoot: string; inside: string } {
  let realRoot: string;
  let real: string;
  try {
    realRoot = realpathSync(root);
    real = realpathSync(resolve(realRoot, path));
  } catch {
    return { facts: { kind: "missing" }, file: null, realRoot: root, inside: path };
  }
  // A symlink must not lead out of the bot folder.
  const inside = relative(realRoot, real);
  if (inside.startsWith("..") || isAbsolute(inside)) return { facts: { kind: "leaves-folder" }, file: null, realRoot, inside };
  // Nor to a hidden file inside it: what is served is the real path, so the rule judges that one too.
  const hidden = inside.split(sep).find((segment) => segment.startsWith("."));
  if (hidden !== undefined) return { facts: { kind: "hidden-target", name: hidden }, file: null, realRoot, inside };
  const stat = statSync(real);
  if (!stat.isFile()) return { facts: { kind: "not-a-file" }, file: null, realRoot, inside };
  return { facts: { kind: "file", bytes: stat.size }, file: real, realRoot, inside: inside.split(sep).join("/") };
}

/**
 * Checks one media reference of an outgoing message against the media rule: http(s) URLs pass through; a
 * path must be a file of an MMS type inside the bot folder. The message keeps the reference as written (the
 * SMS runtime turns paths into URLs it serves); this only answers whether it can be sent.
 */
export function checkMedia(reference: string, root: string): MediaCheck {
  return judgeMedia(reference, (path) => fileFacts(root, path));
}

/** The RUN012 text for media left out of a message that still goes out: the same words in every runner. */
export function droppedMediaText(reference: string, reason: string): string {
  return formatMessage(catalogEntry("RUN012").message, { path: reference, reason });
}

/** Resolves a bot-folder path to the real file that may be served, or says why not (403 for what is never served, else 404). */
export function resolveMediaFile(root: string, path: string): MediaFile {
  const reference = readReference(path);
  if (reference.kind === "url") return { ok: false, status: 404, reason: `"${path}" is not a bot-folder path` };
  if (reference.kind === "refused") {
    const status = reference.problem === "outside" || reference.problem === "hidden" ? 403 : 404;
    return { ok: false, status, reason: `"${path}": ${reference.reason}` };
  }
  const { facts, file, realRoot, inside } = realFile(root, reference.path);
  const verdict = judgeMedia(path, () => facts);
  if (verdict.ok && file !== null) return { ok: true, file, root: realRoot, path: inside };
  const reason = verdict.ok ? "not a file" : verdict.reason;
  const forbidden = facts.kind === "leaves-folder" || facts.kind === "hidden-target";
  return { ok: false, status: forbidden ? 403 : 404, reason: `"${path}": ${reason}` };
}

/**
 * What `bot lint` (and the editor) learn about a reference from the bot folder, in lint's terms: a file's
 * size, or the media rule's reason it cannot be sent. URLs are not looked at here (`--check-remote` does).
 */
export function probeBotFolder(root: string, written: string): MediaInfo | undefined {
  const reference = readReference(written);
  if (reference.kind === "url") return undefined;
  if (reference.kind === "refused") return { ok: false, reason: reference.reason, problem: reference.problem };
  const facts = fileFacts(root, reference.path);
  // Size limits are judged per message by the lint rules (SMS005, SMS006), so a large file reports its size here.
  if (facts.kind === "file") return { ok: true, bytes: facts.bytes, contentType: reference.contentType };
  const verdict = judgeFile(reference, facts);
  return verdict.ok ? { ok: true, bytes: null, contentType: reference.contentType } : { ok: false, reason: verdict.reason, problem: verdict.problem };
}
