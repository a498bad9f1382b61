/** @module `GET /media/*`: serves media files from the bot folder for `^image(path)` and friends; only media types, never sources or the database. */
import fs from "node:fs";
import path from "node:path";
import express from "express";
import type { Logger } from "pino";

/**
 * Extensions of the types Twilio accepts for MMS (docs: accepted MIME types). Anything else in the
 * bot folder (`.bot` sources with API keys, `.bot/bot.db`, `.env`) is not served.
 */
const MEDIA_EXTENSIONS = new Set([
  "jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "heic", "heif", "webp",
  "mp3", "m4a", "ogg", "oga", "opus", "wav", "amr", "aac", "3gp", "3g2", "ac3",
  "mp4", "mpeg", "mpg", "mov", "webm",
  "vcf", "vcard", "ics", "csv", "rtf", "pdf", "pkpass",
  "doc", "docx", "xls", "xlsx", "ppt", "pptx",
]);

export function mediaRoute(options: { root: string; logger: Logger }): express.Router {
  const router = express.Router();
  const root = fs.realpathSync(options.root);
  router.get("/media/*file", (req, res) => {
    const segments = (req.params as { file: string[] }).file;
    const relative = segments.join("/");
    const reject = (status: 403 | 404, why: string) => {
      options.logger.warn({ event: "media.rejected", path: relative, status }, `GET /media/${relative} answered ${status}: ${why}`);
      res.status(status).type("text/plain").send(status === 404 ? "not found" : "forbidden");
    };
    if (segments.some((s) => s === ".." || s.startsWith(".") || s.includes("\\") || s.includes("\0"))) {
      reject(403, "hidden files and parent folders are never served");
      return;
    }
    const extension = path.extname(relative).slice(1).toLowerCase();
    if (!MEDIA_EXTENSIONS.has(extension)) {
      reject(404, `".${extension}" is not a media type Twilio accepts, so it is not served (see docs/runtime.md, Media)`);
      return;
    }
    let real: string;
    try {
      real = fs.realpathSync(path.join(root, relative));
    } catch {
      reject(404, `no such file in the bot folder ${root}: check the path in ^image()/^file()`);
      return;
    }
    // A symlink must not lead out of the bot folder.
    if (path.relative(root, real).startsWith("..") || !fs.statSync(real).isFile()) {
      reject(403, "the path leads outside the bot folder");
      return;
    }
    res.sendFile(real, { dotfiles: "deny", headers: { "Cache-Control": "public, max-age=300" } });
  });
  return router;
}
