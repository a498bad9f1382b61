/**
 * @module `npm run bench:server`: signed Twilio webhooks at a fixed rate and flat out, a bare Express route against the runtime's full path.
 *
 * Options: `--duration S` (10), `--rate N` (500), `--connections N` (20), `--from-numbers N` (5000),
 * `--repeat N` (1; medians of N interleaved rounds), `--db-dir DIR` (os.tmpdir()), `--db-sync normal|full`,
 * `--cpu-prof` (profiles of both server processes under bench/results/server-prof).
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import { once } from "node:events";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import express from "express";
import pino from "pino";
import twilio from "twilio";
import { loadBot } from "../bin/load-bot.ts";
import { defaultConfig } from "../runtime/config.ts";
import { createLogger } from "../runtime/log/logger.ts";
import { createApp, EMPTY_TWIML } from "../runtime/server/index.ts";
import { createSqliteStore } from "../runtime/store/index.ts";
import type { SyncLevel } from "../runtime/store/sqlite/index.ts";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const DURATION = flag("--duration", 10);
const RATE = flag("--rate", 500);
const CONNECTIONS = flag("--connections", 20);
const FROM_NUMBERS = flag("--from-numbers", 5_000);
/** Each measurement is taken this many times (rounds interleave the targets) and the table shows medians. */
const REPEAT = flag("--repeat", 1);
const ACCOUNT_SID = `AC${"b".repeat(32)}`;
const AUTH_TOKEN = "bench0auth0token0000000000000000";
const BOT_NUMBER = "+15005550006";
/**
 * What Twilio signs in production: the https URL of the proxy in front of the runtime (BOT_PUBLIC_URL),
 * with no port. The requests themselves go straight to the listener on loopback.
 */
const PUBLIC_URL = "https://bot.example.test";
/** Where the SQLite file goes: a tmpfs such as /dev/shm shows the cost of everything but the disk flushes. */
const DB_DIR = args.includes("--db-dir") ? String(args[args.indexOf("--db-dir") + 1]) : os.tmpdir();
/** `BOT_DB_SYNC` of the runtime under test: `normal` (the default) or `full` (a disk flush per commit). */
const DB_SYNC: SyncLevel = args.includes("--db-sync") && args[args.indexOf("--db-sync") + 1] === "full" ? "full" : "normal";
const BODIES = ["hours", "hello", "prices", "where are you", "delivery", "thanks", "what can you do", "menu"];

type Target = "bare" | "full";
interface Ready {
  type: "ready";
  url: string;
  db: string | null;
}
/** What the server process measured about itself since the previous sample. */
interface Sample {
  type: "sample";
  cpuMs: number;
  loopP99Ms: number;
  loopMaxMs: number;
  gcMs: number;
  gcMaxMs: number;
  /** Inbound messages whose step has committed so far (the full runtime only; webhooks answer before the step runs). */
  steps: number | null;
}

/**
 * The machine is shared, so wall-clock numbers move with the neighbours' load; the server's own CPU time
 * per request and its event-loop stalls (and how much of them GC explains) move much less.
 */
function selfMonitor(steps: () => number | null): () => Sample {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let gc = { ms: 0, max: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gc = { ms: gc.ms + entry.duration, max: Math.max(gc.max, entry.duration) };
  }).observe({ entryTypes: ["gc"] });
  let cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    const sample: Sample = {
      type: "sample",
      cpuMs: (used.user + used.system) / 1000,
      loopP99Ms: delay.percentile(99) / 1e6,
      loopMaxMs: delay.max / 1e6,
      gcMs: gc.ms,
      gcMaxMs: gc.max,
      steps: steps(),
    };
    cpu = process.cpuUsage();
    delay.reset();
    gc = { ms: 0, max: 0 };
    return sample;
  };
}

/** One server per child process: the load generator never shares an event loop with what it measures, and each CPU profile holds one target. */
async function serve(target: Target): Promise<void> {
  const server = http.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let cleanup = async () => undefined as void;
  let db: string | null = null;
  if (target === "bare") {
    const app = express();
    app.post("/sms", express.urlencoded({ extended: false }), (_req, res) => {
      res.type("text/xml").send(EMPTY_TWIML);
    });
    server.on("request", app);
  } else {
    const dir = fs.mkdtempSync(path.join(DB_DIR, "bot-bench-"));
    db = path.join(dir, "bench.db");
    const loaded = loadBot(path.join(repo, "examples/faq"));
    const store = createSqliteStore(db, { synchronous: DB_SYNC });
    // The production default level (info), written where a deployment would write it, minus the disk.
    const logger = createLogger({ level: "info", destination: pino.destination({ dest: "/dev/null", sync: false }) });
    const config = defaultConfig({
      mode: "twilio",
      twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: BOT_NUMBER, messagingServiceSid: null, baseUrl: null },
      publicUrl: PUBLIC_URL,
      dbPath: db,
      port: 0,
      host: "127.0.0.1",
    });
    // No dispatcher: the outbox rows are written and stay pending, nothing is sent.
    server.on("request", createApp({ ir: loaded.ir, root: loaded.root, store, clock: { now: () => Date.now() }, config, logger }));
    cleanup = async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  // A second connection sees what the runtime's steps committed (WAL), without touching its own.
  const reader = db === null ? null : new Database(db, { readonly: true });
  const done = reader?.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM inbound WHERE state = 'done'");
  const sample = selfMonitor(() => done?.get()?.n ?? null);
  process.send!({ type: "ready", url, db } satisfies Ready);
  process.on("message", async (message: { type: string }) => {
    if (message.type === "sample") process.send!(sample());
    if (message.type !== "stop") return;
    server.close();
    reader?.close();
    await cleanup();
    process.send!({ type: "stopped" }, () => process.exit(0));
  });
}

async function spawnTarget(target: Target, profDir: string | null): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = spawn(
    process.execPath,
    [
      ...(profDir ? ["--cpu-prof", `--cpu-prof-dir=${path.join(profDir, target)}`] : []),
      path.join(repo, "bin/run-ts.js"),
      fileURLToPath(import.meta.url),
      "--serve",
      target,
      "--db-dir",
      DB_DIR,
      "--db-sync",
      DB_SYNC,
    ],
    { stdio: ["ignore", "inherit", "inherit", "ipc"] },
  );
  const [ready] = (await once(child, "message")) as [Ready];
  return { child, ready };
}

async function sampleTarget(child: ChildProcess): Promise<Sample> {
  child.send({ type: "sample" });
  for (;;) {
    const [message] = (await once(child, "message")) as [Sample];
    if (message.type === "sample") return message;
  }
}

async function stopTarget(child: ChildProcess): Promise<void> {
  child.send({ type: "stop" });
  await once(child, "exit");
}

/** Counts across runs, so no run replays an earlier run's MessageSids (a replay is answered without running the bot). */
let n = 0;

/** Each request a new MessageSid from one of many phones, signed with twilio-node for the public URL. */
function signedRequests(): autocannon.Request[] {
  const url = `${PUBLIC_URL}/sms`;
  return [
    {
      method: "POST",
      setupRequest: (request) => {
        n++;
        const sid = `SM${n.toString(16).padStart(32, "0")}`;
        const params: Record<string, string> = {
          MessageSid: sid,
          SmsSid: sid,
          SmsMessageSid: sid,
          AccountSid: ACCOUNT_SID,
          From: `+1555${String(n % FROM_NUMBERS).padStart(7, "0")}`,
          To: BOT_NUMBER,
          Body: BODIES[n % BODIES.length]!,
          NumMedia: "0",
          NumSegments: "1",
          SmsStatus: "received",
          ApiVersion: "2010-04-01",
        };
        return {
          ...request,
          body: new URLSearchParams(params).toString(),
          headers: {
            ...request.headers,
            "content-type": "application/x-www-form-urlencoded",
            "x-twilio-signature": twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params),
          },
        };
      },
    },
  ];
}

interface Row {
  target: string;
  load: string;
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  warmOk: number;
  bad: number;
  rpsRange?: string;
  p99Range?: string;
  /** Steps committed per second during the run (the full runtime; null for the bare route). */
  stepsPerSec: number | null;
  /** Server CPU (user + system) per answered request, event-loop delay p99, GC pause total per second. */
  cpuPerReq: number;
  loopP99: number;
  gcPerSec: number;
}

/** Each number is the median of its own column; 2xx and errors are summed over the runs. */
function median(first: Row, all: Row[]): Row {
  if (all.length === 1) return first;
  const mid = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const m = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
  };
  const range = (values: number[], digits: number) => ` [${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}]`;
  const rps = all.map((r) => r.rps);
  const p99 = all.map((r) => r.p99);
  return {
    target: first.target,
    load: first.load,
    rps: mid(rps),
    p50: mid(all.map((r) => r.p50)),
    p99: mid(p99),
    ok: all.reduce((n, r) => n + r.ok, 0),
    warmOk: all.reduce((n, r) => n + r.warmOk, 0),
    bad: all.reduce((n, r) => n + r.bad, 0),
    stepsPerSec: first.stepsPerSec === null ? null : mid(all.map((r) => r.stepsPerSec ?? 0)),
    cpuPerReq: mid(all.map((r) => r.cpuPerReq)),
    loopP99: mid(all.map((r) => r.loopP99)),
    gcPerSec: mid(all.map((r) => r.gcPerSec)),
    rpsRange: range(rps, 0),
    p99Range: range(p99, 0),
  };
}

async function load(name: string, target: { child: ChildProcess; ready: Ready }, rate: number | null): Promise<Row> {
  const base = target.ready.url;
  const url = `${base}/sms`;
  // autocannon paces a rate as per-second quotas per connection, and its coordinated-omission correction
  // takes 1/rate (per second) as milliseconds, inventing samples; so latencies are recorded as measured.
  const options = { url, connections: CONNECTIONS, requests: signedRequests(), ...(rate !== null && { overallRate: rate, ignoreCoordinatedOmission: true }) };
  const warm = await autocannon({ ...options, duration: 2 }); // warm-up: JIT, SQLite page cache
  const before = await sampleTarget(target.child);
  const result = await autocannon({ ...options, duration: DURATION });
  const self = await sampleTarget(target.child);
  const steps = before.steps !== null && self.steps !== null ? self.steps - before.steps : null;
  return {
    target: name,
    load: rate === null ? "max" : `${rate}/s`,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result["2xx"],
    warmOk: warm["2xx"],
    bad: result.non2xx + result.errors + result.timeouts,
    stepsPerSec: steps === null ? null : steps / DURATION,
    cpuPerReq: self.cpuMs / Math.max(1, result["2xx"]),
    loopP99: self.loopP99Ms,
    gcPerSec: self.gcMs / DURATION,
  };
}

async function main(): Promise<void> {
  const profDir = args.includes("--cpu-prof") ? path.join(repo, "bench/results/server-prof") : null;
  const loadBefore = os.loadavg();
  const bare = await spawnTarget("bare", profDir);
  const full = await spawnTarget("full", profDir);
  const runs: Row[][] = [];
  for (let round = 0; round < REPEAT; round++) {
    const rows: Row[] = [];
    for (const rate of [RATE, null]) {
      rows.push(await load("bare Express 5 route", bare, rate));
      rows.push(await load(`runtime (createApp + SQLite, sync ${DB_SYNC})`, full, rate));
    }
    runs.push(rows);
  }
  const loadAfter = os.loadavg();
  const rows = runs[0]!.map((first, i) =>
    median(
      first,
      runs.map((r) => r[i]!),
    ),
  );
  const raw = new Database(full.ready.db!, { readonly: true });
  const inbound = (raw.prepare("SELECT COUNT(*) AS n FROM inbound").get() as { n: number }).n;
  const outbox = (raw.prepare("SELECT COUNT(*) AS n FROM outbox").get() as { n: number }).n;
  raw.close();
  await stopTarget(bare.child);
  await stopTarget(full.child);

  const repeats = REPEAT > 1 ? `, median of ${REPEAT} interleaved runs (req/s and p99 ranges in brackets)` : "";
  console.log(
    `\nSigned webhooks, ${CONNECTIONS} connections, ${DURATION} s per run (after 2 s warm-up)${repeats}, ${FROM_NUMBERS} From numbers, node ${process.version}, ${os.cpus().length} CPUs, database in ${DB_DIR}, load average ${loadBefore[0]!.toFixed(1)} before, ${loadAfter[0]!.toFixed(1)} after\n`,
  );
  console.log("| target | load | req/s | p50 ms | p99 ms | 2xx | errors/non-2xx | steps/s | server CPU ms/req | loop delay p99 ms | GC ms/s |");
  console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    console.log(
      `| ${r.target} | ${r.load} | ${r.rps.toFixed(0)}${r.rpsRange ?? ""} | ${r.p50} | ${r.p99}${r.p99Range ?? ""} | ${r.ok} | ${r.bad} | ${r.stepsPerSec === null ? "—" : r.stepsPerSec.toFixed(0)} | ${r.cpuPerReq.toFixed(3)} | ${r.loopP99.toFixed(1)} | ${r.gcPerSec.toFixed(1)} |`,
    );
  }
  const full2xx = runs
    .flat()
    .filter((r) => r.target.startsWith("runtime"))
    .reduce((n, r) => n + r.ok + r.warmOk, 0);
  // Every sid is new, so each 2xx is one processed message; a request still in flight when a run ends may add a row.
  console.log(`\nruntime store: ${inbound} inbound messages recorded, ${outbox} outbox rows; the runtime answered ${full2xx} × 2xx (warm-ups included)`);

  const [bareRated, fullRated, bareMax, fullMax] = rows as [Row, Row, Row, Row];
  const share = fullMax.rps / bareMax.rps;
  const checks = [
    { name: `max throughput ≥ 50% of the bare route`, ok: share >= 0.5, detail: `${(share * 100).toFixed(0)}%` },
    { name: `p99 < 50 ms at ${RATE} req/s`, ok: fullRated.p99 < 50, detail: `${fullRated.p99} ms` },
    { name: `no errors`, ok: runs.flat().every((r) => r.bad === 0), detail: rows.map((r) => r.bad).join("/") },
    { name: `held ${RATE} req/s`, ok: fullRated.rps >= RATE * 0.95 && bareRated.rps >= RATE * 0.95, detail: `${fullRated.rps.toFixed(0)} req/s` },
  ];
  console.log("");
  for (const c of checks) console.log(`${c.ok ? "PASS" : "FAIL"}  ${c.name}: ${c.detail}`);
  if (profDir) console.log(`\nCPU profiles of the server processes: ${profDir}/{bare,full} (open in Chrome DevTools → Performance)`);
  process.exitCode = checks.every((c) => c.ok) ? 0 : 1;
}

if (args.includes("--serve")) await serve(args[args.indexOf("--serve") + 1] as Target);
else await main();
