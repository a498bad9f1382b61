/**
 * @module How tests run the `bot` command as a process: from the TypeScript sources through tsx
 * (`node bin/run-ts.js bin/bot.ts …`), so a test always exercises the code beside it. `bin/bot.js` runs the
 * build in dist/, which may be missing or older than the sources; test/package/ is the one test of the built
 * package (packed, installed, run). test/architecture/cli-entry.test.ts keeps other tests off bin/bot.js.
 */
import { fileURLToPath } from "node:url";

const RUN_TS = fileURLToPath(new URL("../../bin/run-ts.js", import.meta.url));
const BOT_TS = fileURLToPath(new URL("../../bin/bot.ts", import.meta.url));

/** The arguments to give `process.execPath` before the command's own: `spawn(process.execPath, [...BOT_SOURCE, "lint", dir])`. */
export const BOT_SOURCE: readonly string[] = [RUN_TS, BOT_TS];
