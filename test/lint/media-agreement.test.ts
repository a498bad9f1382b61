/** @module One media rule: the same table of media references through `bot lint` and through the runtime (outbox, local runtime, `GET /media`), which must agree. */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runLint } from "../../bin/commands/lint.ts";
import { checkMedia, resolveMediaFile } from "../../runtime/media/bot-folder.ts";
import { sendableMedia } from "../../runtime/outbox/media.ts";

/** Codes for media the runtime cannot send; SMS006 (carrier size advice) is a warning about media that is sent. */
const REFUSING = new Set(["SMS005", "SMS007", "SMS008", "SMS015", "SMS016", "BOT216"]);

interface Case {
  reference: string;
  /** Every lint code reported for the reference's message. */
  lint: string[];
  sent: boolean;
}

function table(outside: string): Case[] {
  return [
    { reference: "images/cat.png", lint: [], sent: true },
    { reference: "./images/cat.png", lint: [], sent: true },
    { reference: "images/../images/cat.png", lint: [], sent: true },
    { reference: "https://cdn.example.com/a.png", lint: [], sent: true },
    { reference: "cards/office.vcf", lint: [], sent: true },
    // The case: the file exists, beside the bot folder.
    { reference: "../outside.png", lint: ["SMS015"], sent: false },
    { reference: join(outside, "outside.png"), lint: ["SMS015"], sent: false },
    { reference: "linked.png", lint: ["SMS015"], sent: false },
    { reference: "missing.png", lint: ["BOT216"], sent: false },
    { reference: "folder.png", lint: ["BOT216"], sent: false },
    { reference: "ftp://example.com/a.png", lint: ["SMS007"], sent: false },
    { reference: ".env", lint: ["SMS016"], sent: false },
    { reference: ".hidden/cat.png", lint: ["SMS016"], sent: false },
    { reference: "notes.txt", lint: ["SMS008"], sent: false },
    { reference: "sticker.webp", lint: ["SMS008"], sent: false },
    { reference: "huge.mp4", lint: ["SMS005", "SMS006"], sent: false },
    { reference: "menu.pdf", lint: ["SMS006"], sent: true },
  ];
}

function botFolder(): { root: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), "bot-media-agree-"));
  const root = join(base, "bot");
  const outside = mkdtempSync(join(tmpdir(), "bot-media-elsewhere-"));
  for (const dir of ["images", "cards", ".hidden", "folder.png"]) mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, "images", "cat.png"), "png");
  writeFileSync(join(root, ".hidden", "cat.png"), "png");
  writeFileSync(join(root, "cards", "office.vcf"), "BEGIN:VCARD\r\nEND:VCARD\r\n");
  writeFileSync(join(root, ".env"), "TWILIO_AUTH_TOKEN=x");
  writeFileSync(join(root, "notes.txt"), "not media");
  writeFileSync(join(root, "sticker.webp"), "webp");
  writeFileSync(join(root, "huge.mp4"), Buffer.alloc(6 * 1024 * 1024));
  writeFileSync(join(root, "menu.pdf"), Buffer.alloc(700 * 1024));
  writeFileSync(join(base, "outside.png"), "png");
  writeFileSync(join(outside, "outside.png"), "png");
  symlinkSync(join(outside, "outside.png"), join(root, "linked.png"));
  return { root, outside };
}

describe("one media rule for lint and runtime", () => {
  const { root, outside } = botFolder();
  const cases = table(outside);
  // One trigger per case, so each reference is its own message (line 3 + 3i).
  const source = ["+ *", "- ok", ...cases.flatMap((c, i) => ["", `+ case ${i}`, `- Look ^file(${c.reference})`])].join("\n") + "\n";
  writeFileSync(join(root, "bot.bot"), source);

  const lintCodes = async (): Promise<string[][]> => {
    let out = "";
    const code = await runLint(
      root,
      { format: "json", cwd: root },
      (s) => (out += s),
      () => {},
    );
    expect(code).toBe(1);
    const report = JSON.parse(out) as { files: { file: string; diagnostics: { code: string; line: number }[] }[] };
    const found = report.files.flatMap((f) => f.diagnostics);
    return cases.map((_, i) => [...new Set(found.filter((d) => d.line === 5 + 3 * i).map((d) => d.code))].sort());
  };

  it("lint reports each reference as the table says (../outside.png included)", async () => {
    const codes = await lintCodes();
    expect(cases.map((c, i) => [c.reference, codes[i]])).toEqual(cases.map((c) => [c.reference, c.lint]));
  });

  it("the runtime sends exactly what lint lets through: outbox, local runtime and GET /media agree", async () => {
    const codes = await lintCodes();
    const rows = cases.map((c, i) => {
      const outbox = sendableMedia([c.reference], root).kept.length === 1;
      const local = checkMedia(c.reference, root).ok;
      const lintSends = !(codes[i] ?? []).some((code) => REFUSING.has(code));
      return { reference: c.reference, lintSends, outbox, local };
    });
    expect(rows).toEqual(cases.map((c) => ({ reference: c.reference, lintSends: c.sent, outbox: c.sent, local: c.sent })));
    for (const c of cases.filter((x) => !/^[a-z]+:/.test(x.reference) && !x.reference.startsWith("/"))) {
      // What may be sent is what the server serves (a file too large for MMS is not fetched by Twilio either).
      expect([c.reference, resolveMediaFile(root, c.reference.replace(/^\.\//, "")).ok]).toEqual([c.reference, c.sent]);
    }
  });

  it("drops a file that would take a message over 5 MB, as SMS005 reports it", () => {
    writeFileSync(join(root, "images", "big-1.png"), Buffer.alloc(3 * 1024 * 1024));
    writeFileSync(join(root, "images", "big-2.png"), Buffer.alloc(3 * 1024 * 1024));
    const { kept, dropped } = sendableMedia(["images/big-1.png", "images/big-2.png", "images/cat.png"], root);
    expect(kept).toEqual(["images/big-1.png", "images/cat.png"]);
    expect(dropped).toEqual([{ reference: "images/big-2.png", reason: "with it the message's media would be over the 5242880 bytes an MMS can carry" }]);
  });
});
