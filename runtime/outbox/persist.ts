/** @module Records what Twilio answered even when the database is away for a moment: a sid that is not written leaves its row `sending` (and its user's queue held) for minutes. */
import { isDatabaseUnavailable } from "../store/unavailable.ts";
import type { OutboxContext } from "./context.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `write`, retrying with backoff (0.1 s doubling to 3 s, about 2 minutes in all) while the database is unreachable. */
export async function persist<T>(ctx: Pick<OutboxContext, "logger">, what: string, write: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || attempt >= 45) throw error;
      if (attempt === 0) {
        ctx.logger.warn(
          { event: "store.retry", what, err: error },
          `could not record ${what} (${(error as Error).message}): the database is unreachable; retrying until it is back`,
        );
      }
      await sleep(Math.min(3000, 100 * 2 ** attempt));
    }
  }
}
