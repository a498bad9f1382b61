/**
 * Binary and non-UTF-8 `.bot` files (issue 27, item 5): one BOT040 per file at its first bad byte, the file
 * skipped, the other files of the folder compiled as before. Through the real loader (bin/load-bot.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { loadBot } from "../../bin/load-bot.ts";

const dir = mkdtempSync(join(tmpdir(), "bot-not-text-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, "hello.bot"), "+ hello\n- Hi!\n");
// A PNG's first bytes, then 4 KB of bytes from a fixed generator: what a picture renamed .bot looks like.
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
let seed = 7;
const noise = Buffer.from(Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff));
writeFileSync(join(dir, "logo.bot"), Buffer.concat([png, noise]));
writeFileSync(join(dir, "tool.bot"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x0a, 0x2b, 0x20, 0x68, 0x69]));
writeFileSync(join(dir, "latin1.bot"), Buffer.from("+ price\n- 5 \xe9cus\n", "latin1"));
writeFileSync(join(dir, "utf16.bot"), Buffer.from("\ufeff+ bye\n- Bye!\n", "utf16le"));

const loaded = loadBot(dir);
const byFile = (file: string) => loaded.diagnostics.filter((d) => d.span.file === file).map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column}`);

it("a binary file gives one diagnostic, at its first byte that is not UTF-8 text", () => {
  expect(byFile("logo.bot")).toEqual(["BOT040 1:1"]);
  expect(loaded.diagnostics.find((d) => d.span.file === "logo.bot")?.message).toMatch(
    /^Not a UTF-8 text file \(bytes that are not UTF-8\): the file was skipped/,
  );
});

it("an ASCII-looking binary (an ELF header) is caught at its first NUL", () => {
  expect(byFile("tool.bot")).toEqual(["BOT040 1:8"]);
  expect(loaded.diagnostics.find((d) => d.span.file === "tool.bot")?.message).toContain("(a NUL byte)");
});

it("a Latin-1 file gives one diagnostic at the accented letter; a UTF-16 file one at its start", () => {
  expect(byFile("latin1.bot")).toEqual(["BOT040 2:5"]);
  // Its byte-order mark (FF FE) is already not UTF-8.
  expect(byFile("utf16.bot")).toEqual(["BOT040 1:1"]);
});

it("the skipped files add no trigger; the text file is compiled as before", () => {
  expect(byFile("hello.bot")).toEqual([]);
  expect(loaded.ir.triggers.map((t) => t.text)).toEqual(["hello"]);
});
