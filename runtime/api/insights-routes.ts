/** @module The API's insights routes: `GET /api/insights/missed`, `/api/insights/triggers` and one trigger's latest messages (docs/api.md, docs/insights.md). */
import express from "express";
import type { Clock } from "../../engine/types.ts";
import { InsightsUnavailable, type InsightsSource } from "../insights/source.ts";
import { insightsQuery } from "../insights/query.ts";
import { missedReport, triggersReport } from "../insights/report.ts";
import type { InsightsStore } from "../store/insights/types.ts";
import { ApiError } from "./routes.ts";

/** Example messages a trigger's route lists at most. */
const EXAMPLES = 20;

export function insightsRoutes(source: InsightsSource, clock: Clock): express.Router {
  const router = express.Router();
  const parsed = (req: express.Request) => {
    const result = insightsQuery(req.query as Record<string, unknown>, clock.now());
    if (!result.ok) throw new ApiError(400, result.message);
    return result.query;
  };
  const read = async <T>(use: (store: InsightsStore) => Promise<T>): Promise<T> => {
    try {
      return await source.read(use);
    } catch (error) {
      if (error instanceof InsightsUnavailable) throw new ApiError(503, error.message);
      throw error;
    }
  };

  router.get("/insights/missed", async (req, res) => {
    const query = parsed(req);
    res.json(await read((store) => missedReport(source.ir(), store, query)));
  });

  router.get("/insights/triggers", async (req, res) => {
    const query = parsed(req);
    res.json(await read((store) => triggersReport(source.ir(), store, query)));
  });

  router.get("/insights/triggers/:id", async (req, res) => {
    const raw = String(req.params.id);
    // Trigger ids are IR indexes: 0 is the first trigger.
    if (!/^\d{1,9}$/.test(raw))
      throw new ApiError(400, `trigger id ${JSON.stringify(raw.slice(0, 30))} is not a whole number (the id bot insights triggers --json gives)`);
    const id = Number(raw);
    const trigger = source.ir().triggers[id];
    if (trigger === undefined) throw new ApiError(404, `no trigger ${id} in the bot as it runs now`);
    const query = parsed(req);
    const messages = await read((store) => store.examples({ topic: trigger.topic, text: trigger.text }, { ...query, limit: EXAMPLES }));
    res.json({ trigger: { id, topic: trigger.topic, text: trigger.text, source: { file: trigger.span.file, line: trigger.span.start.line } }, messages });
  });
  return router;
}
