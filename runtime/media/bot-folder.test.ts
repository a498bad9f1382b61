/** @module One set of rules for bot-folder media, sending and serving alike. */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkMedia, resolveMediaFile } from "./bot-folder.ts";

function botFolder(): string {
  const root = mkdtempSync(join(tmpdir(), "bot-media-rules-"));
  const outside = mkdtempSync(join(tmpdir(), "bot-media-outside-"));
  mkdirSync(join(root, "cards"));
  writeFileSync(join(root, "cards", "office.vcf"), "BEGIN:VCARD\r\nEND:VCARD\r\n");
  writeFileSync(join(root, "notes.txt"), "not media");
  writeFileSync(join(root, ".env"), "TWILIO_AUTH_TOKEN=x");
  writeFileSync(join(outside, "secret.png"), "png");
  symlinkSync(join(outside, "secret.png"), join(root, "linked.png"));
  return root;
}

describe("bot-folder media", () => {
  const root = botFolder();

  it.each([
    ["cards/office.vcf", true, ""],
    ["./cards/office.vcf", true, ""],
    ["https://cdn.example.com/a.png", true, ""],
    ["cards/missing.vcf", false, 'file "cards/missing.vcf" not found'],
    ["notes.txt", false, "it is text/plain, which MMS does not accept"],
    [".env", false, '".env" is hidden'],
    ["../etc/passwd.png", false, "outside the bot folder"],
    ["cards/../cards/office.vcf", true, ""],
    ["/etc/passwd.png", false, "an absolute path"],
    ["linked.png", false, "leads outside the bot folder"],
    ["ftp://example.com/a.png", false, "neither an http(s) URL nor a path inside the bot folder"],
  ])("checkMedia(%j) → ok %s", (reference, ok, reason) => {
    const result = checkMedia(reference, root);
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it("serves only what may be sent, with the status the route answers", () => {
    expect(resolveMediaFile(root, "cards/office.vcf")).toMatchObject({ ok: true, file: expect.stringMatching(/cards\/office\.vcf$/) });
    expect(resolveMediaFile(root, "linked.png")).toMatchObject({ ok: false, status: 403 });
    expect(resolveMediaFile(root, ".env")).toMatchObject({ ok: false, status: 403 });
    expect(resolveMediaFile(root, "notes.txt")).toMatchObject({ ok: false, status: 404 });
    expect(resolveMediaFile(root, "cards")).toMatchObject({ ok: false, status: 404 });
  });
});
