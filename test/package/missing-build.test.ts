/** @module bin/bot.js in a source checkout without a build: one line saying to run `npm run build`, exit 2, no stack trace. */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

describe("bin/bot.js without dist/", () => {
  it("prints one line naming npm run build and exits 2", () => {
    const checkout = mkdtempSync(join(tmpdir(), "bot-no-build-"));
    mkdirSync(join(checkout, "bin"));
    copyFileSync(fileURLToPath(new URL("../../bin/bot.js", import.meta.url)), join(checkout, "bin/bot.js"));
    const r = spawnSync(process.execPath, [join(checkout, "bin/bot.js"), "lint", "."], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("bot: dist/ is missing (a source checkout without a build): run `npm run build` first\n");
  });
});
