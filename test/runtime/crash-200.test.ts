/** @module 200 users mid-conversation, the real `bot run` process killed with SIGKILL and restarted on the same database: every due part arrives exactly once, none after STOP. */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, expect, it } from "vitest";
import { startEmulator } from "../../sandbox/emulator/index.ts";
import type { EmulatedMessage, Emulator } from "../../sandbox/emulator/index.ts";
import { BOT_SOURCE } from "../support/cli.ts";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BOT = path.join(repo, "test/runtime/fixtures/crash-200");
const BOT_NUMBER = "+15005550006";
const USERS = 200;
/** Every fourth user texts STOP right after their first message, before the delayed part is due. */
const stops = (i: number) => i % 4 === 0;
/** The fixture's `<delay seconds=2>`. */
const DELAY_MS = 2_000;
const DEADLINE_MS = 90_000;

const phone = (i: number) => `+1555030${String(i).padStart(4, "0")}`;
const name = (i: number) => `u${i}`;

let emulator: Emulator | undefined;
const children: ChildProcess[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-crash-200-"));
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await emulator?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A free loopback port: the restarted process must listen where Twilio (the emulator) already posts. */
async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Server {
  child: ChildProcess;
  output: () => string;
}

async function startBot(port: number, db: string, em: Emulator): Promise<Server> {
  const child = spawn(process.execPath, [...BOT_SOURCE, "run", BOT, "--port", String(port), "--db", db], {
    env: {
      ...process.env,
      // Credentials set: Twilio mode, talking to the emulator through the official client.
      TWILIO_ACCOUNT_SID: em.accountSid,
      TWILIO_AUTH_TOKEN: em.authToken,
      TWILIO_FROM: BOT_NUMBER,
      TWILIO_API_BASE_URL: em.url,
      BOT_PUBLIC_URL: `http://127.0.0.1:${port}`,
      BOT_HOST: "127.0.0.1",
      BOT_LOG_LEVEL: "warn",
      BOT_STRICT_WAIT_MS: "3000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bot run exited with ${child.exitCode}:\n${output}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, output: () => output };
    if (Date.now() > deadline) throw new Error(`bot run did not answer /healthz within 30 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs `task` for each index with at most `limit` at once. */
async function pool(count: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

function outboxStates(db: string): Record<string, number> {
  const raw = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const rows = raw.prepare("SELECT state, COUNT(*) AS n FROM outbox GROUP BY state").all() as { state: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  } finally {
    raw.close();
  }
}

const outbound = (em: Emulator) => em.messages().filter((m) => m.direction !== "inbound");

it("kill -9 with 200 users mid-conversation: after restart every due part is delivered exactly once, none to opted-out users", async () => {
  emulator = await startEmulator({ seed: 200, delivery: { latencyMs: 20 } });
  const em = emulator;
  const port = await freePort();
  const db = path.join(dir, "bot.db");
  em.configure({ webhookUrl: `http://127.0.0.1:${port}/sms` });

  const first = await startBot(port, db, em);
  const inbound = new Map<number, { job: EmulatedMessage; stop?: EmulatedMessage }>();
  await pool(USERS, 8, async (i) => {
    const job = await em.sendInbound({ from: phone(i), to: BOT_NUMBER, body: `job ${name(i)}` });
    expect(job.status, `webhook for ${phone(i)}: ${job.error ?? job.body}`).toBe(200);
    inbound.set(i, { job: job.message });
    if (stops(i)) {
      const stop = await em.sendInbound({ from: phone(i), to: BOT_NUMBER, body: "STOP" });
      expect(stop.status).toBe(200);
      inbound.get(i)!.stop = stop.message;
    }
  });
  first.child.kill("SIGKILL");
  const [, signal] = (await once(first.child, "exit")) as [number | null, string | null];
  expect(signal).toBe("SIGKILL");
  const atKill = { delivered: outbound(em).length, rows: outboxStates(db) };
  // The last users' delayed parts were due two seconds after their message: the kill came first.
  expect(atKill.rows["pending"] ?? 0, `rows at kill: ${JSON.stringify(atKill.rows)}`).toBeGreaterThan(0);

  const second = await startBot(port, db, em);
  const expected = [...Array(USERS).keys()].filter((i) => !stops(i)).length * 2;
  const deadline = Date.now() + DEADLINE_MS;
  let last = -1;
  let quietSince = Date.now();
  for (;;) {
    const count = outbound(em).length;
    const rows = outboxStates(db);
    const busy = (rows["pending"] ?? 0) + (rows["sending"] ?? 0) + (rows["unknown"] ?? 0);
    if (count !== last) {
      last = count;
      quietSince = Date.now();
    }
    if (count >= expected && busy === 0 && Date.now() - quietSince > 1_000) break;
    if (Date.now() > deadline) throw new Error(`not quiet after ${DEADLINE_MS / 1000} s: ${count} messages, rows ${JSON.stringify(rows)}\n${second.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  await em.settle();
  second.child.kill("SIGTERM");
  await once(second.child, "exit");

  let exactlyOnce = 0;
  let late = 0;
  const problems: string[] = [];
  for (let i = 0; i < USERS; i++) {
    const to = outbound(em).filter((m) => m.to === phone(i));
    const count = (body: string) => to.filter((m) => m.body === body).length;
    const got = count(`Got ${name(i)}.`);
    const done = count(`Done with ${name(i)}.`);
    if (to.length !== got + done) problems.push(`${phone(i)} got someone else's text: ${to.map((m) => m.body).join(" | ")}`);
    const { job, stop } = inbound.get(i)!;
    if (!stop) {
      if (got === 1 && done === 1) exactlyOnce++;
      else problems.push(`${phone(i)}: "Got" ×${got}, "Done" ×${done}; expected once each`);
      continue;
    }
    // Nothing may reach an opted-out user; a part that fell due before the STOP arrived may have gone out.
    const after = to.filter((m) => m.dateCreated > stop.dateCreated);
    if (after.length > 0) problems.push(`${phone(i)} opted out, then got: ${after.map((m) => m.body).join(" | ")}`);
    const stopBeforeDue = stop.dateCreated < job.dateCreated + DELAY_MS;
    if (got > 1 || done > 1 || (stopBeforeDue && done > 0)) problems.push(`${phone(i)} (STOP): "Got" ×${got}, "Done" ×${done}`);
    if (!stopBeforeDue) late++;
  }
  const final = outboxStates(db);
  // Twilio opts a number out the moment STOP arrives, so an immediate part racing the STOP may be refused
  // with 21610; a delayed part due after the STOP must be canceled by the runtime itself, never attempted.
  const raw = new Database(db, { readonly: true });
  const rowOf = raw.prepare("SELECT state, error_code AS errorCode FROM outbox WHERE user_id = ? AND body = ?");
  const refused = (raw.prepare("SELECT COUNT(*) AS n FROM outbox WHERE error_code = 21610").get() as { n: number }).n;
  for (let i = 0; i < USERS; i++) {
    const { job, stop } = inbound.get(i)!;
    if (!stop || stop.dateCreated >= job.dateCreated + DELAY_MS) continue;
    const row = rowOf.get(phone(i), `Done with ${name(i)}.`) as { state: string; errorCode: number | null } | undefined;
    if (row?.state !== "canceled") problems.push(`${phone(i)} (STOP): its delayed part is ${JSON.stringify(row)}, not canceled`);
  }
  raw.close();
  const optedOut = [...Array(USERS).keys()].filter(stops).length;
  console.log(
    `crash-200: ${USERS} users (${optedOut} sent STOP${late > 0 ? `, ${late} of them after their delayed part was due` : ""}); ` +
      `kill -9 with ${atKill.delivered} messages sent and outbox ${JSON.stringify(atKill.rows)}; ` +
      `after restart ${outbound(em).length} sent in all, ${exactlyOnce}/${USERS - optedOut} active users got both parts exactly once, ` +
      `0 duplicates, ${problems.length} problems; ${refused} immediate parts raced a STOP and were refused with 21610; final outbox ${JSON.stringify(final)}`,
  );
  expect(problems).toEqual([]);
  expect(exactlyOnce).toBe(USERS - optedOut);
  expect(final["pending"] ?? 0).toBe(0);
}, 150_000);
