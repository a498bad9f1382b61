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
    res.sendFile(resolved.file, { dotfiles: "deny", headers: { "Cache-Control": "public, max-age=300" } });
  });
  return router;
}
