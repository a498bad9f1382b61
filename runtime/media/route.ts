/** @module `GET /media/*`: serves media files from the bot folder for `^image(path)` and friends; only media types, never sources or the database. */
import express from "express";
import type { Logger } from "pino";
import { resolveMediaFile } from "./bot-folder.ts";

export function mediaRoute(options: { root: string; logger: Logger }): express.Router {
  const router = express.Router();
  router.get("/media/*file", (req, res) => {
    const relative = (req.params as { file: string[] }).file.join("/");
    // The outbox drops what this would refuse before sending (same rules), so a refusal here means the
    // file changed after the send or someone is probing the server.
    const resolved = resolveMediaFile(options.root, relative);
    if (!resolved.ok) {
      options.logger.warn(
        { event: "media.rejected", path: relative, status: resolved.status },
        `GET /media/${relative} answered ${resolved.status}: ${resolved.reason}`,
      );
      res
        .status(resolved.status)
        .type("text/plain")
        .send(resolved.status === 404 ? "not found" : "forbidden");
      return;
    }
    // `root` + the path inside it, so `dotfiles` judges only the part inside the bot folder, as the media rule
    // does: a bot folder under a hidden folder (~/.local/share/…, /srv/.bots/…) is served.
    res.sendFile(resolved.path, { root: resolved.root, dotfiles: "deny", headers: { "Cache-Control": "public, max-age=300" } }, (error?: Error) => {
      if (error === undefined || res.headersSent) return;
      // The file changed between the check and the send (or send's own rules disagree): a plain answer, never a stack.
      const status = (error as { status?: number }).status === 403 ? 403 : 404;
      options.logger.warn({ event: "media.rejected", path: relative, status }, `GET /media/${relative} answered ${status}: ${error.message}`);
      res
        .status(status)
        .type("text/plain")
        .send(status === 404 ? "not found" : "forbidden");
    });
  });
  return router;
}
