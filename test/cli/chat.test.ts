/** @module bot chat end to end: the --jsonl protocol (acceptance cases) and the interactive mode. */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BOT_SOURCE } from "../support/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "bot-chat-"));
const knock = join(dir, "knock.bot");
writeFileSync(
  knock,
  `+ knock knock
- Stop that banging! <delay seconds=3> ... but ok, who's there?

+ quick
- first <delay seconds=0.3> second

+ hi
- hello ^image(https://cdn.example.com/wave.png)
`,
);
const catchAll = join(dir, "catch-all.bot");
writeFileSync(catchAll, "+ hello\n- Hi there!\n\n+ *\n- Sorry, I didn't catch that.\n");
const broken = join(dir, "broken.bot");
writeFileSync(broken, "+ Hello\n- uppercase triggers are an error\n");

function jsonl(lines: unknown[], args: string[] = [], bot = knock) {
  const input = lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n") + "\n";
  const run = spawnSync(process.execPath, [...BOT_SOURCE, "chat", bot, "--jsonl", ...args], { input, encoding: "utf8", env: { ...process.env, BOT_HELP: "" } });
  return {
    code: run.status,
    out: run.stdout
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as unknown),
    err: run.stderr,
  };
}

const FROM = "+15550001111";

describe("bot chat --jsonl", () => {
  it("sends the delayed part when the clock is advanced to it", () => {
    const { code, out } = jsonl([{ from: FROM, body: "knock knock" }, { advance: 3000 }]);
    expect(code).toBe(0);
    expect(out).toEqual([
      { in: 0, released: 0, to: FROM, body: "Stop that banging!", media: [], at: 0 },
      { in: 0, released: 1, to: FROM, body: "... but ok, who's there?", media: [], at: 3000 },
    ]);
  });

  it("names the inbound message a delayed part answers in `in`, and the advance that released it in `released`", () => {
    const { out } = jsonl([{ from: FROM, body: "hi" }, { from: "+15550002222", body: "knock knock" }, { advance: 1000 }, { advance: 2000 }]);
    expect(out).toEqual([
      { in: 0, released: 0, to: FROM, body: "hello", media: ["https://cdn.example.com/wave.png"], at: 0 },
      { in: 1, released: 1, to: "+15550002222", body: "Stop that banging!", media: [], at: 0 },
      { in: 1, released: 3, to: "+15550002222", body: "... but ok, who's there?", media: [], at: 3000 },
    ]);
  });

  it("drops the delayed part when another message arrives first", () => {
    const { out } = jsonl([{ from: FROM, body: "knock knock" }, { from: FROM, body: "nothing matches this" }, { advance: 3000 }]);
    expect(out).toEqual([{ in: 0, released: 0, to: FROM, body: "Stop that banging!", media: [], at: 0 }]);
  });

  it("does not flush pending parts at end of input", () => {
    const { out } = jsonl([{ from: FROM, body: "knock knock" }]);
    expect(out).toHaveLength(1);
  });

  it("reports a bad line and goes on", () => {
    const { code, out } = jsonl(["{oops", { advance: "soon" }, { body: "hi" }]);
    expect(code).toBe(0);
    expect(out).toEqual([
      { error: expect.stringMatching(/^not JSON/), line: 0 },
      { error: '"advance" must be a number of milliseconds ≥ 0', line: 1 },
      { in: 2, released: 2, to: FROM, body: "hello", media: ["https://cdn.example.com/wave.png"], at: 0 },
    ]);
  });

  it("uses --user for lines without from, and --now only shifts the clock", () => {
    const { out } = jsonl([{ body: "knock knock" }, { advance: 5000 }], ["--user", "+15550009999", "--now", "2026-01-01T00:00:00Z"]);
    expect(out.map((m) => (m as { to: string; at: number }).to)).toEqual(["+15550009999", "+15550009999"]);
    expect(out.map((m) => (m as { at: number }).at)).toEqual([0, 3000]);
  });

  it("STOP gets no bot reply but an opted-out event; nothing is answered until START, then the bot is back", () => {
    const { code, out } = jsonl(
      [{ body: "STOP" }, { body: "hello" }, { body: "HELP" }, { body: "start" }, { body: "hello" }, { body: "stop now" }],
      [],
      catchAll,
    );
    expect(code).toBe(0);
    expect(out).toEqual([
      { in: 0, event: "opted-out", from: FROM, optedOut: true, at: 0 },
      { in: 1, event: "ignored-opted-out", from: FROM, optedOut: true, at: 0 },
      // HELP is Twilio's to answer (runtime.help: twilio by default), opted out or not.
      { in: 2, event: "help", from: FROM, optedOut: true, at: 0 },
      { in: 3, event: "opted-in", from: FROM, optedOut: false, at: 0 },
      { in: 4, released: 4, to: FROM, body: "Hi there!", media: [], at: 0 },
      // Twilio matches the whole message only: this is an ordinary message for the catch-all.
      { in: 5, released: 5, to: FROM, body: "Sorry, I didn't catch that.", media: [], at: 0 },
    ]);
  });

  it("BOT_HELP=bot lets the bot answer HELP, as bot run does", () => {
    const input = JSON.stringify({ body: "help" }) + "\n";
    const run = spawnSync(process.execPath, [...BOT_SOURCE, "chat", catchAll, "--jsonl"], {
      input,
      encoding: "utf8",
      env: { ...process.env, BOT_HELP: "bot" },
    });
    expect(
      run.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual([{ in: 0, released: 0, to: FROM, body: "Sorry, I didn't catch that.", media: [], at: 0 }]);
  });

  it("prints compile errors with their position and exits 1", () => {
    const run = spawnSync(process.execPath, [...BOT_SOURCE, "chat", broken, "--jsonl"], { input: "", encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("broken.bot:1:");
  });
});

describe("bot chat (interactive)", () => {
  it("names an unknown /command and lists the commands; a line starting with a blank goes to the bot", () => {
    const run = spawnSync(process.execPath, [...BOT_SOURCE, "chat", knock, "--seed", "1"], { input: "/bogus\n /quit\n", encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("unknown command /bogus: the commands are");
    expect(run.stdout).toContain("/advance <duration>");
    expect(run.stdout).toContain("(no reply)");
  });

  it("says what STOP, messages while opted out and START did", () => {
    const run = spawnSync(process.execPath, [...BOT_SOURCE, "chat", catchAll, "--seed", "1"], {
      input: "stop\nhello\n/vars\nSTART\nhello\n",
      encoding: "utf8",
      env: { ...process.env, BOT_HELP: "" },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("(STOP opts the user out: Twilio confirms it, and nothing is sent to them");
    expect(run.stdout).toContain("(the user is opted out: the message is recorded and the bot does not answer until they text START)");
    expect(run.stdout).toContain("opted out (text START to opt back in)");
    expect(run.stdout).toContain("(START opts the user back in");
    expect(run.stdout).toContain("bot> Hi there!");
    expect(run.stdout).not.toContain("Sorry, I didn't catch that.");
  });

  it("shows replies, waits for delayed parts and says when nothing matched", async () => {
    const child = spawn(process.execPath, [...BOT_SOURCE, "chat", knock, "--seed", "1"], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    const waitFor = async (text: string) => {
      // Generous: starting the command on a busy machine can take seconds.
      for (let i = 0; i < 1000 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 25));
      expect(out).toContain(text);
    };
    child.stdin.write("quick\n");
    await waitFor("bot> first");
    await waitFor("bot> second");
    child.stdin.write("zzz\n");
    await waitFor("(no reply)");
    child.stdin.write("hi\n");
    await waitFor("bot> hello [media: https://cdn.example.com/wave.png]");
    child.stdin.end();
    const code = await new Promise((r) => child.on("close", r));
    expect(code).toBe(0);
    expect(out.indexOf("bot> first")).toBeLessThan(out.indexOf("bot is typing…"));
    expect(out.indexOf("bot is typing…")).toBeLessThan(out.indexOf("bot> second"));
  });
});
