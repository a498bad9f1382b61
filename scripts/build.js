#!/usr/bin/env node
// `npm run build`: compiles the TypeScript sources to dist/ (tsconfig.build.json: .js, .d.ts, source maps) and copies
// the files the code reads at run time (the IR's JSON Schema, SQL migrations, the simulator's page …) beside them.
// dist/ is emptied first, so a deleted source never lingers in the package. `prepare` runs this on `npm ci` and `npm pack`.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("..", import.meta.url));
const dist = join(repo, "dist");
/** The folders tsconfig.build.json compiles; their non-TypeScript files are assets. */
const SOURCE_DIRS = ["grammar", "compiler", "engine", "sms", "config", "editor", "runtime", "sandbox", "bin", "lib"];
/** Not part of the product: the launchers in bin/ are shipped from bin/ itself, the grammar's .d.ts is documentation. */
const NOT_ASSETS = [/^bin\/[^/]+\.js$/, /\.d\.ts$/, /(^|\/)fixtures\//];

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const result = spawnSync(process.execPath, [tsc, "-p", join(repo, "tsconfig.build.json")], { stdio: "inherit" });
if (result.status !== 0) {
  console.error("build: tsc failed (see above); dist/ is incomplete");
  process.exit(result.status ?? 1);
}

let copied = 0;
const walk = (dir) => {
  for (const entry of readdirSync(join(repo, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) walk(path);
    else if (!entry.name.endsWith(".ts") && !NOT_ASSETS.some((pattern) => pattern.test(path))) {
      mkdirSync(dirname(join(dist, path)), { recursive: true });
      copyFileSync(join(repo, path), join(dist, path));
      copied++;
    }
  }
};
for (const dir of SOURCE_DIRS) walk(dir);
console.log(`build: ${relative(process.cwd(), dist) || "."} written (${copied} asset file${copied === 1 ? "" : "s"} copied)`);
