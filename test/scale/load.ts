/**
 * @module The scale load: several real `bot run` processes on one PostgreSQL database, the emulator as
 * Twilio, a few hundred users texting with delayed parts, reminders, STOP and slow `$` calls, Twilio-style
 * retries of failed webhooks to another process, and an account of what each user received, counted from
 * the emulator's record. Used by test/scale/ (CI size) and bench/scale.ts (larger).
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator } from "../../sandbox/emulator/index.ts";
import type { Emulator } from "../../sandbox/emulator/index.ts";
import { signedPost } from "../../sandbox/emulator/signed-post.ts";
import { BOT_SOURCE } from "../support/cli.ts";
import { freePort } from "./cluster.ts";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BOT_NUMBER = "+15005550006";

export interface BotProcess {
  url: string;
  child: ChildProcess;
  killed: boolean;
  /** stderr and stdout, for a failing test's report. */
  output: string[];
  alive(): boolean;
}

export interface ScaleRig {
  emulator: Emulator;
  processes: BotProcess[];
  slowApi: { url: string; delayMs: number };
  botDir: string;
  close(): Promise<void>;
}

/** A user's script: what they text, in order, with a pause before each. */
export interface UserScript {
  phone: string;
  messages: { body: string; pauseMs: number }[];
}

export interface MessageAttempt {
  ms: number;
  status: number | null;
}

export interface LoadResult {
  /** Inbound messages sent (each once, however many webhook attempts it took). */
  inbound: number;
  /** Webhook attempts answered 5xx or not at all (then retried elsewhere). */
  failedAttempts: number;
  /** Messages whose every attempt failed. */
  undelivered: number;
  latencies: number[];
  /** When the load started and when its last inbound was accepted. */
  startedAt: number;
  acceptedAt: number;
  /** When each user's message was first attempted, by phone and index. */
  sentAt: Map<string, number[]>;
}

export interface Account {
  users: number;
  expected: number;
  received: number;
  lost: number;
  duplicated: number;
  unexpected: number;
  orderingViolations: number;
  afterStop: number;
  /** Up to 10 lines about what went wrong, for the failure message. */
  problems: string[];
}

export interface RigOptions {
  /** PostgreSQL; empty for the SQLite file (then `processes` must be 1). */
  databaseUrl: string;
  processes: number;
  slowDelayMs?: number;
  env?: Record<string, string>;
}

/** Starts the emulator, a slow local API and `count` bot processes on the database, and waits until each answers /healthz. */
export async function startRig(options: RigOptions): Promise<ScaleRig> {
  const emulator = await startEmulator({ seed: 3, delivery: { latencyMs: 5 }, log: () => undefined });
  const slowApi = { url: "", delayMs: options.slowDelayMs ?? 3000 };
  const api = http.createServer((req, res) => {
    setTimeout(() => res.writeHead(200, { "Content-Type": "application/json" }).end('{"ok":true}'), slowApi.delayMs);
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  slowApi.url = `http://127.0.0.1:${(api.address() as { port: number }).port}`;
  const botDir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-scale-"));
  fs.writeFileSync(
    path.join(botDir, "scale.bot"),
    fs.readFileSync(path.join(repo, "test/scale/fixtures/scale.bot"), "utf8").replaceAll("SLOW_API", slowApi.url),
  );
  // The slow API is on loopback, which `$` calls may reach only when allowed.
  // The emulator does not meter senders here: a fast sender keeps the sender meter (docs/sending.md) from pacing the load.
  fs.writeFileSync(path.join(botDir, "bot.config.yaml"), "runtime:\n  http:\n    allow: [127.0.0.1]\nsender:\n  type: long-code\n  segmentsPerSecond: 10000\n");
  const processes = await Promise.all(Array.from({ length: options.processes }, () => startBot(botDir, emulator, options)));
  return {
    emulator,
    processes,
    slowApi,
    botDir,
    async close() {
      await Promise.all(processes.map((p) => stopBot(p)));
      await new Promise<void>((resolve) => api.close(() => resolve()));
      api.closeAllConnections();
      await emulator.close();
      fs.rmSync(botDir, { recursive: true, force: true });
    },
  };
}

export async function startBot(botDir: string, emulator: Emulator, options: RigOptions): Promise<BotProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env["PATH"] ?? "",
    HOME: process.env["HOME"] ?? os.tmpdir(),
    // Empty: the SQLite file in the bot folder (one process only).
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { BOT_DB: path.join(botDir, ".bot", "bot.db") }),
    TWILIO_ACCOUNT_SID: emulator.accountSid,
    TWILIO_AUTH_TOKEN: emulator.authToken,
    TWILIO_FROM: BOT_NUMBER,
    TWILIO_API_BASE_URL: emulator.url,
    BOT_PUBLIC_URL: url,
    BOT_HOST: "127.0.0.1",
    PORT: String(port),
    // A status callback sent to a process that died is lost: the default strict wait (10 s) holds, and the
    // status is asked of Twilio after BOT_STATUS_CHECK_MS (2 s) instead, as in production.
    BOT_LOG_LEVEL: "warn",
    ...options.env,
  };
  const child = spawn(process.execPath, [...BOT_SOURCE, "run", botDir], { env, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const bot: BotProcess = { url, child, killed: false, output, alive: () => child.exitCode === null && child.signalCode === null };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (!bot.alive()) throw new Error(`bot run exited during start (${child.exitCode ?? child.signalCode}): ${output.join("").slice(-2000)}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return bot;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`bot run did not answer /healthz within 120 s: ${output.join("").slice(-2000)}`);
    await sleep(100);
  }
}

async function stopBot(bot: BotProcess): Promise<void> {
  if (!bot.alive()) return;
  const exited = new Promise((resolve) => bot.child.once("exit", resolve));
  bot.child.kill("SIGTERM");
  const timer = setTimeout(() => bot.child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

export function killHard(bot: BotProcess): void {
  bot.killed = true;
  bot.child.kill("SIGKILL");
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `count` users from `+1555` + offset: plain texters, some setting a reminder, some texting STOP midway. */
export function scripts(
  count: number,
  options: { offset?: number; messages?: number; gapMs?: number; stopEvery?: number; remindEvery?: number; slow?: number } = {},
): UserScript[] {
  const { offset = 0, messages = 4, gapMs = 1200, stopEvery = 10, remindEvery = 7, slow = 0 } = options;
  return Array.from({ length: count }, (_, i) => {
    const phone = `+1555${String(7_000_000 + offset + i).padStart(7, "0")}`;
    // Users start spread over the first gap, so the load is steady rather than one burst.
    const start = Math.floor((i / count) * gapMs);
    const list: { body: string; pauseMs: number }[] = [];
    if (i < slow) {
      for (let k = 1; k <= messages; k++) list.push({ body: `slow ${k}`, pauseMs: k === 1 ? start : gapMs });
      return { phone, messages: list };
    }
    if (remindEvery > 0 && i % remindEvery === 3) list.push({ body: "remind", pauseMs: start });
    for (let k = 1; k <= messages; k++) {
      const stopHere = stopEvery > 0 && i % stopEvery === 5 && k === messages - 1;
      // A pause before STOP lets the last delayed part go first: what went before STOP is all expected.
      if (stopHere) list.push({ body: "STOP", pauseMs: gapMs * 2 });
      list.push({ body: `m ${k}`, pauseMs: list.length === 0 ? start : gapMs });
    }
    return { phone, messages: list };
  });
}

/** What the bot must answer to a script, in order (the reminder separately: its place among the rest is not fixed). */
export function expectedFor(script: UserScript): { ordered: string[]; unordered: string[]; afterStop: Set<string> } {
  const ordered: string[] = [];
  const unordered: string[] = [];
  const afterStop = new Set<string>();
  let stopped = false;
  for (const { body } of script.messages) {
    if (body === "STOP") {
      stopped = true;
      continue;
    }
    const outputs = body === "remind" ? ["set"] : body.startsWith("slow ") ? [`s${body.slice(5)}`] : [`r${body.slice(2)} a`, `r${body.slice(2)} b`];
    if (stopped) for (const o of outputs) afterStop.add(o);
    else ordered.push(...outputs);
    if (body === "remind" && !stopped) unordered.push("woke");
  }
  return { ordered, unordered, afterStop };
}

export interface DriveOptions {
  /** Called once, when this share of all messages has been sent (the fault goes here). */
  fault?: { at: number; run: () => Promise<void> | void };
  /** How long Twilio waits before retrying a failed webhook (default 1 s). */
  retryMs?: number;
}

/**
 * Sends every script's messages through the emulator to the bot processes (user i to process i mod n, as
 * a load balancer would), retrying a failed webhook with the same MessageSid at the next live process.
 */
export async function drive(rig: ScaleRig, users: UserScript[], options: DriveOptions = {}): Promise<LoadResult> {
  const total = users.reduce((n, u) => n + u.messages.length, 0);
  const result: LoadResult = { inbound: 0, failedAttempts: 0, undelivered: 0, latencies: [], startedAt: Date.now(), acceptedAt: 0, sentAt: new Map() };
  let faulted = false;
  const pick = (i: number) => {
    const n = rig.processes.length;
    for (let k = 0; k < n; k++) {
      const candidate = rig.processes[(i + k) % n]!;
      if (!candidate.killed) return candidate;
    }
    return rig.processes[i % n]!;
  };
  await Promise.all(
    users.map(async (user, u) => {
      const times: number[] = [];
      result.sentAt.set(user.phone, times);
      for (const message of user.messages) {
        await sleep(message.pauseMs);
        result.inbound++;
        if (options.fault && !faulted && result.inbound >= total * options.fault.at) {
          faulted = true;
          void options.fault.run();
        }
        times.push(Date.now());
        let target = u;
        let started = Date.now();
        const first = await rig.emulator.sendInbound({ from: user.phone, to: BOT_NUMBER, body: message.body, url: `${pick(target).url}/sms` });
        result.latencies.push(Date.now() - started);
        let ok = first.error === undefined && (first.status ?? 0) < 300;
        for (let attempt = 1; !ok && attempt < 60; attempt++) {
          result.failedAttempts++;
          await sleep(options.retryMs ?? 1000);
          target++;
          started = Date.now();
          const again = await signedPost(`${pick(target).url}/sms`, first.params, rig.emulator.authToken, 15_000);
          result.latencies.push(Date.now() - started);
          ok = again.error === undefined && (again.status ?? 0) < 300;
        }
        if (!ok) result.undelivered++;
      }
    }),
  );
  result.acceptedAt = Date.now();
  return result;
}

/**
 * Waits until every expected message is there (and 1.5 s passed quietly), or none appeared for
 * `quietMs`: long enough for a row a dead process left mid-send to be reconciled (REST timeout +
 * reconcile delay, 20 s) and sent.
 */
export async function settle(rig: ScaleRig, users: UserScript[], options: { quietMs?: number; timeoutMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let last = -1;
  let since = Date.now();
  for (;;) {
    const count = rig.emulator.messages().filter((m) => m.direction === "outbound-api").length;
    if (count !== last) {
      last = count;
      since = Date.now();
    }
    const quiet = Date.now() - since;
    if ((quiet >= 1500 && account(rig, users).lost === 0) || quiet >= (options.quietMs ?? 30_000) || Date.now() > deadline) return;
    await sleep(200);
  }
}

/** Counts, per user, from the emulator's record: lost, duplicated, unexpected, out of order, after STOP. */
export function account(rig: ScaleRig, users: UserScript[]): Account {
  const acc: Account = {
    users: users.length,
    expected: 0,
    received: 0,
    lost: 0,
    duplicated: 0,
    unexpected: 0,
    orderingViolations: 0,
    afterStop: 0,
    problems: [],
  };
  const note = (line: string) => {
    if (acc.problems.length < 10) acc.problems.push(line);
  };
  for (const user of users) {
    const { ordered, unordered, afterStop } = expectedFor(user);
    // The emulator's record is in creation order.
    const bodies = rig.emulator
      .messagesTo(user.phone)
      .filter((m) => m.direction === "outbound-api")
      .map((m) => m.body);
    acc.received += bodies.length;
    const counts = new Map<string, number>();
    for (const body of bodies) counts.set(body, (counts.get(body) ?? 0) + 1);
    // After STOP, what was still waiting (a delayed part, the reminder) is rightly canceled: a STOP user's
    // replies must be a prefix of what was due before it, and the reminder may be missing.
    const stopped = user.messages.some((m) => m.body === "STOP");
    const got = bodies.filter((b) => ordered.includes(b));
    const cut = stopped ? ordered.slice(0, new Set(got).size) : ordered;
    const checked = [...cut, ...(stopped ? [] : unordered)];
    acc.expected += checked.length;
    for (const body of checked) {
      const n = counts.get(body) ?? 0;
      if (n === 0) {
        acc.lost++;
        note(`${user.phone}: "${body}" never sent (got ${JSON.stringify(bodies)})`);
      }
      if (n > 1) {
        acc.duplicated += n - 1;
        note(`${user.phone}: "${body}" sent ${n} times`);
      }
    }
    for (const body of [...ordered, ...unordered]) {
      if (!checked.includes(body) && (counts.get(body) ?? 0) > 1) {
        acc.duplicated += counts.get(body)! - 1;
        note(`${user.phone}: "${body}" sent ${counts.get(body)} times`);
      }
    }
    for (const body of counts.keys()) {
      if (afterStop.has(body)) {
        acc.afterStop++;
        note(`${user.phone}: "${body}" sent after STOP`);
      } else if (!ordered.includes(body) && !unordered.includes(body)) {
        acc.unexpected++;
        note(`${user.phone}: unexpected "${body}"`);
      }
    }
    // In order: replies to the user's messages in the order they were sent, each message's parts in
    // order. A delayed part may rightly come after the next message's first reply (it was due later).
    const seen = bodies.filter((b) => ordered.includes(b));
    const firsts = seen.filter((b, i) => seen.indexOf(b) === i);
    const chains = new Map<string, string[]>();
    for (const body of firsts) {
      // Delayed parts form one chain, every other reply the other.
      const key = body.endsWith(" b") ? "delayed" : "first";
      chains.set(key, [...(chains.get(key) ?? []), body]);
    }
    for (const chain of chains.values()) {
      for (let i = 1; i < chain.length; i++) {
        if (ordered.indexOf(chain[i]!) < ordered.indexOf(chain[i - 1]!)) {
          acc.orderingViolations++;
          note(`${user.phone}: "${chain[i]}" after "${chain[i - 1]}"`);
        }
      }
    }
    for (const body of firsts) {
      const a = body.endsWith(" b") ? body.replace(/ b$/, " a") : null;
      if (a !== null && firsts.indexOf(a) > firsts.indexOf(body)) {
        acc.orderingViolations++;
        note(`${user.phone}: "${body}" before "${a}"`);
      }
    }
  }
  return acc;
}

/**
 * Recovery time: from the fault until the last reply to a message sent before it, minus what the same
 * replies took without the fault is not subtracted, so it is an upper bound.
 */
export function recoveryMs(rig: ScaleRig, users: UserScript[], load: LoadResult, faultAt: number): number {
  let latest = faultAt;
  for (const user of users) {
    const times = load.sentAt.get(user.phone) ?? [];
    const before = user.messages.filter((_, i) => (times[i] ?? Infinity) <= faultAt && user.messages[i]!.body !== "STOP");
    if (before.length === 0) continue;
    const wanted = new Set(expectedFor({ ...user, messages: before }).ordered);
    for (const m of rig.emulator.messagesTo(user.phone)) {
      if (m.direction === "outbound-api" && wanted.has(m.body)) latest = Math.max(latest, m.dateCreated);
    }
  }
  return latest - faultAt;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
