#!/usr/bin/env node
// The `bot` command: runs the JavaScript build in dist/ (`npm run build`; `npm ci` and `npm pack` run it through
// `prepare`). The sources run without a build through bin/run-ts.js bin/bot.ts, as the tests do.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../dist/bin/bot.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error("bot: dist/ is missing (a source checkout without a build): run `npm run build` first");
  process.exit(2);
}
await import(entry.href);
