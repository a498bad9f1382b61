/** @module `bot lint` end to end: exit codes, --max-warnings, --config, compiler diagnostics, --check-remote on loopback. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runLint } from "../../bin/commands/lint.ts";
import { runBot } from "./cli-run.ts";

function botDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "bot-lint-cli-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const CLEAN = "+ hello\n- Hi there\n+ *\n- Sorry, I did not get that\n";
const ONE_WARNING = "+ hello\n- It’s me\n+ *\n- Sorry?\n";

async function lintJson(path: string, extra: Record<string, unknown> = {}) {
  let out = "";
  let err = "";
  const code = await runLint(
    path,
    { format: "json", ...extra },
    (s) => (out += s),
    (s) => (err += s),
  );
  return { code, err, report: out ? JSON.parse(out) : null };
}

describe("bot lint (process)", () => {
  it("exits 0 and prints nothing for a clean bot", () => {
    const dir = botDir({ "bot/main.bot": CLEAN });
    expect(runBot(["lint", "bot"], dir)).toEqual({ status: 0, stdout: "", stderr: "" });
  });
  it("exits 2 on bad usage", () => {
    const dir = botDir({ "bot/main.bot": CLEAN });
    expect(runBot(["lint", "bot", "--format", "xml"], dir).status).toBe(2);
  });
  it("exits 2 on bad usage found by runLint, with a message", async () => {
    const dir = botDir({ "main.bot": CLEAN });
    expect(await lintJson(join(dir, "nowhere"))).toMatchObject({ code: 2, err: `bot lint: ${join(dir, "nowhere")}: no such file or folder\n` });
    expect(await lintJson(dir, { maxWarnings: "-1" })).toMatchObject({ code: 2, err: 'bot lint: --max-warnings must be a whole number ≥ 0, got "-1"\n' });
    expect((await lintJson(dir, { config: join(dir, "none.yaml") })).code).toBe(2);
  });
});

describe("runLint", () => {
  it("exits 1 on warnings only when over --max-warnings", async () => {
    const dir = botDir({ "main.bot": ONE_WARNING });
    expect((await lintJson(dir)).code).toBe(0);
    expect((await lintJson(dir, { maxWarnings: "1" })).code).toBe(0);
    expect((await lintJson(dir, { maxWarnings: "0" })).code).toBe(1);
  });

  it("includes the compiler's own diagnostics", async () => {
    const { code, report } = await lintJson(botDir({ "main.bot": "+ Hello\n- hi\n+ *\n- ?\n" }));
    expect(code).toBe(1);
    expect(report.files[0].diagnostics.some((d: { code: string; severity: string }) => d.code.startsWith("BOT0") && d.severity === "error")).toBe(true);
  });

  it("reports config problems with file and line, and honours rule levels", async () => {
    const dir = botDir({ "main.bot": ONE_WARNING, "bot.config.yaml": "lint:\n  rules:\n    SMS002: error\n" });
    const raised = await lintJson(dir);
    expect(raised.code).toBe(1);
    expect(raised.report.files[0].diagnostics[0]).toMatchObject({ code: "SMS002", severity: "error" });
    const broken = botDir({ "main.bot": CLEAN, "bot.config.yaml": "lint:\n  segmentLimt: 2\n" });
    const { code, report } = await lintJson(broken);
    expect(code).toBe(1);
    expect(report.files[0].file).toMatch(/bot\.config\.yaml$/);
    expect(report.files[0].diagnostics[0]).toMatchObject({
      code: "BOT290",
      line: 2,
      column: 3,
      message: expect.stringMatching(/^bot\.config\.yaml: lint\.segmentLimt: unknown key \(known keys: /),
    });
  });

  it("suppresses a warning with # bot-ignore but never an error", async () => {
    const dir = botDir({ "main.bot": "# bot-ignore SMS002 BOT201\n+ hello\n- It’s me {topic=nowhere}\n+ *\n- ?\n" });
    const { report } = await lintJson(dir);
    expect(report.files[0].diagnostics.map((d: { code: string }) => d.code)).toEqual(["BOT201"]);
  });

  it("lints each bot of a folder of bots", async () => {
    const dir = botDir({ "a/a.bot": ONE_WARNING, "b/b.bot": ONE_WARNING });
    const { report } = await lintJson(dir);
    expect(report.files.map((f: { file: string }) => f.file.split("/").slice(-2).join("/"))).toEqual(["a/a.bot", "b/b.bot"]);
  });

  it("skips hidden folders and node_modules in a folder of bots (a sandbox's .bot/ database folder is no bot)", async () => {
    const dir = botDir({ "a/a.bot": ONE_WARNING, "a/.bot/bot.db": "x", ".bot/stray.bot": "+ broken [\n", "node_modules/dep/d.bot": "+ broken [\n" });
    const { code, report } = await lintJson(dir);
    expect(report.files.map((f: { file: string }) => f.file.split("/").slice(-2).join("/"))).toEqual(["a/a.bot"]);
    expect(code).toBe(0);
  });
});

describe("--check-remote (loopback HTTP)", () => {
  let server: Server;
  let base = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/ok.png") res.writeHead(200, { "content-type": "image/png", "content-length": "10" }).end();
      else if (req.url === "/big.png") res.writeHead(200, { "content-type": "image/png", "content-length": String(6 * 1024 * 1024) }).end();
      else if (req.url === "/page.png") res.writeHead(200, { "content-type": "text/html" }).end();
      else if (req.url === "/slow.png") setTimeout(() => res.writeHead(200).end(), 8000);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it("turns 404s, timeouts and wrong content types into findings, never crashes", async () => {
    const bot = `+ a\n- ^image(${base}/ok.png)\n+ b\n- ^image(${base}/gone.png)\n+ c\n- ^image(${base}/page.png)\n+ d\n- ^image(${base}/slow.png)\n+ *\n- ?\n`;
    const dir = botDir({ "main.bot": bot });
    expect((await lintJson(dir)).report.files).toEqual([]);
    const { report } = await lintJson(dir, { checkRemote: true, allowLoopbackHttp: true });
    const found = report.files[0].diagnostics.map((d: { code: string; line: number; data: Record<string, unknown> }) => [
      d.code,
      d.line,
      d.data.reason ?? d.data.contentType,
    ]);
    expect(found).toEqual([
      ["SMS007", 4, "HEAD answered HTTP 404"],
      ["SMS008", 6, "text/html"],
      ["SMS007", 8, "no answer within 5 s"],
    ]);
  }, 20000);

  it("probes through the address guard: loopback is refused unless allowed, and a HEAD's length is the resource's size", async () => {
    const bot = `+ a\n- ^image(${base}/ok.png)\n+ b\n- ^image(${base}/big.png)\n+ *\n- ?\n`;
    const dir = botDir({ "main.bot": bot });
    const refused = (await lintJson(dir, { checkRemote: true })).report.files[0].diagnostics;
    expect(refused.map((d: { code: string; line: number }) => [d.code, d.line])).toEqual([
      ["SMS007", 2],
      ["SMS007", 4],
    ]);
    expect(String(refused[0].data.reason)).toMatch(/^request failed \(refused: .*loopback/);
    const allowed = (await lintJson(dir, { checkRemote: true, allowLoopbackHttp: true })).report.files[0].diagnostics;
    expect(allowed.map((d: { code: string; line: number }) => [d.code, d.line])).toEqual([["SMS005", 4]]);
  }, 20000);
});
