/**
 * @module The two authoring mistakes of issue 24 that passed CI silently, through the real `bot lint`: a redirect to
 * a trigger that does not exist in a bot with the `+ *` catch-all BOT208 asks for (now BOT215, naming the catch-all
 * and the nearest trigger), and a `^file(contact.vcf)` missing from the bot folder (now BOT216, an error: exit 1).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runBot } from "../lint/cli-run.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
function bot(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-lint-gaps-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe("bot lint on the issue's two mistakes", () => {
  it("warns on a redirect only the catch-all answers, naming it and the nearest trigger", () => {
    const dir = bot({ "shop.bot": "+ [what] time do you open\n- At 9.\n\n+ when are you open\n@ opening hours\n\n+ *\n- Sorry?\n" });
    const result = runBot(["lint", "shop.bot"], dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      '5:1  warning  The redirect "opening hours" in topic "default" reaches only the catch-all `+ *` (line 7), no trigger of its own; did you mean `+ [what] time do you open` (shop.bot:1)?  BOT215 redirect-catch-all',
    );
  }, 60_000);

  it("fails on a bot-folder media file that does not exist", () => {
    const dir = bot({ "card.bot": "+ card\n- Here you go ^file(contact.vcf)\n\n+ *\n- Sorry?\n" });
    const missing = runBot(["lint", "."], dir);
    expect(missing.status).toBe(1);
    expect(missing.stdout).toMatch(/2:15 +error +Media file contact\.vcf does not exist in the bot folder: .* BOT216 mms-media-missing/);
    expect(missing.stdout).not.toContain("SMS007");
    fs.writeFileSync(path.join(dir, "contact.vcf"), "BEGIN:VCARD\nVERSION:3.0\nFN:Shop\nEND:VCARD\n");
    const present = runBot(["lint", "."], dir);
    expect(present.status, present.stdout).toBe(0);
  }, 60_000);
});
