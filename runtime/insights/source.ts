/** @module Where the web console reads the insights: the running bot's database, opened read-only for each request (a second connection, so a report never holds the runtime's own). */
import type { BotIR } from "../../compiler/ir/types.ts";
import type { InsightsStore } from "../store/insights/types.ts";
import { openInsights } from "./open.ts";

export interface InsightsSource {
  /** The bot as it answers now (its triggers are what the reports list). */
  ir(): BotIR;
  /** Runs `use` on an open store and closes it; throws when the database cannot be opened. */
  read<T>(use: (store: InsightsStore) => Promise<T>): Promise<T>;
}

export class InsightsUnavailable extends Error {}

export function insightsSource(database: { dbPath: string; databaseUrl: string | null }, ir: () => BotIR): InsightsSource {
  return {
    ir,
    async read(use) {
      const env = database.databaseUrl === null ? {} : { DATABASE_URL: database.databaseUrl };
      const opened = await openInsights({ db: database.dbPath, root: ".", env });
      if (!opened.ok) throw new InsightsUnavailable(opened.message);
      try {
        return await use(opened.store);
      } finally {
        await opened.store.close();
      }
    },
  };
}
