/** @module The API's version routes (docs/api.md): `GET /api/versions`, `POST /api/versions` (publish the bot's files), `POST /api/versions/:n/live` (make one live, e.g. a rollback). Mounted inside the token-protected API router. */
import express from "express";
import type { VersionsService } from "../versions/service.ts";
import { BadParameter, idParam } from "../http/hygiene.ts";
import { ApiError } from "./routes.ts";

export function versionsRoutes(versions: VersionsService): express.Router {
  const router = express.Router();
  router.get("/versions", async (_req, res) => {
    res.json({ ...(await versions.list()), process: versions.status() });
  });
  router.post("/versions", async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.message !== undefined && typeof body.message !== "string") throw new ApiError(400, "message: a text saying what this version changes");
    const result = await versions.publish((body.message as string | undefined) ?? null, "api");
    switch (result.type) {
      case "invalid":
        throw new ApiError(422, "the bot's files have errors; nothing was published (the live version is unchanged)", { diagnostics: result.errors });
      case "unchanged":
        res.json({ published: false, version: result.version, reason: "the live version already has this compiled bot" });
        return;
      case "published":
        res.status(201).json({ published: true, version: result.version, previous: result.previous, changes: result.changes });
        return;
      default: {
        const _exhaustive: never = result;
        throw new Error(`unknown result ${JSON.stringify(_exhaustive)}`);
      }
    }
  });
  router.post("/versions/:n/live", async (req, res) => {
    let number: number;
    try {
      number = idParam(req.params["n"], "version");
    } catch (error) {
      if (error instanceof BadParameter) throw new ApiError(400, error.message);
      throw error;
    }
    const result = await versions.setLive(number, "api");
    switch (result.type) {
      case "unknown":
        throw new ApiError(404, `there is no version ${number}`, { versions: result.versions });
      case "already":
        res.json({ version: number, changed: false });
        return;
      case "live":
        res.json({ version: number, previous: result.previous, changed: true });
        return;
      default: {
        const _exhaustive: never = result;
        throw new Error(`unknown result ${JSON.stringify(_exhaustive)}`);
      }
    }
  });
  return router;
}
