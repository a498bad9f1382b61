/** @module `npm run bench:server`: signed Twilio webhooks at a fixed rate and flat out, a bare Express route against the runtime's full path. */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import { once } from "node:events";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import express from "express";
import pino from "pino";
import twilio from "twilio";
import { loadBot } from "../bin/load-bot.ts";
import { defaultConfig } from "../runtime/config.ts";
import { createLogger } from "../runtime/logger.ts";
import { createApp, EMPTY_TWIML } from "../runtime/server/index.ts";
import { createSqliteStore } from "../runtime/store/index.ts";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const DURATION = flag("--duration", 10);
const RATE = flag("--rate", 500);
const CONNECTIONS = flag("--connections", 20);
const FROM_NUMBERS = flag("--from-numbers", 5_000);
const ACCOUNT_SID = `AC${"b".repeat(32)}`;
const AUTH_TOKEN = "bench0auth0token0000000000000000";
const BOT_NUMBER = "+15005550006";
/** Where the SQLite file goes: a tmpfs such as /dev/shm shows the cost of everything but the disk flushes. */
const DB_DIR = args.includes("--db-dir") ? String(args[args.indexOf("--db-dir") + 1]) : os.tmpdir();
const BODIES = ["hours", "hello", "prices", "where are you", "delivery", "thanks", "what can you do", "menu"];

type Target = "bare" | "full";
interface Ready { type: "ready"; url: string; db: string | null }

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
    app.post("/sms", express.urlencoded({ extended: false }), (_req, res) => { res.type("text/xml").send(EMPTY_TWIML); });
    server.on("request", app);
  } else {
    const dir = fs.mkdtempSync(path.join(DB_DIR, "bot-bench-"));
    db = path.join(dir, "bench.db");
    const loaded = loadBot(path.join(repo, "examples/faq"));
    const store = createSqliteStore(db);
    // The production default level (info), written where a deployment would write it, minus the disk.
    const logger = createLogger({ level: "info", destination: pino.destination({ dest: "/dev/null", sync: false }) });
    const config = defaultConfig({
      mode: "twilio",
      twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: BOT_NUMBER, messagingServiceSid: null, baseUrl: null },
      publicUrl: url, dbPath: db, port: 0, host: "127.0.0.1",
    });
    // No dispatcher: the outbox rows are written and stay pending, nothing is sent.
    server.on("request", createApp({ ir: loaded.ir, root: loaded.root, store, clock: { now: () => Date.now() }, config, logger }));
    cleanup = async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  process.send!({ type: "ready", url, db } satisfies Ready);
  process.on("message", async (message: { type: string }) => {
    if (message.type !== "stop") return;
    server.close();
    await cleanup();
    process.send!({ type: "stopped" }, () => process.exit(0));
  });
}

async function spawnTarget(target: Target, profDir: string | null): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = spawn(process.execPath, [
    ...(profDir ? ["--cpu-prof", `--cpu-prof-dir=${path.join(profDir, target)}`] : []),
    path.join(repo, "bin/run-ts.js"), fileURLToPath(import.meta.url), "--serve", target, "--db-dir", DB_DIR,
  ], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const [ready] = (await once(child, "message")) as [Ready];
  return { child, ready };
}

async function stopTarget(child: ChildProcess): Promise<void> {
  child.send({ type: "stop" });
  await once(child, "exit");
}

/** Each request a new MessageSid from one of many phones, signed with twilio-node for the exact URL. */
function signedRequests(url: string): autocannon.Request[] {
  let n = 0;
  return [{
    method: "POST",
    setupRequest: (request) => {
      n++;
      const sid = `SM${n.toString(16).padStart(32, "0")}`;
      const params: Record<string, string> = {
        MessageSid: sid, SmsSid: sid, SmsMessageSid: sid, AccountSid: ACCOUNT_SID,
        From: `+1555${String(n % FROM_NUMBERS).padStart(7, "0")}`, To: BOT_NUMBER, Body: BODIES[n % BODIES.length]!,
        NumMedia: "0", NumSegments: "1", SmsStatus: "received", ApiVersion: "2010-04-01",
      };
      return {
        ...request,
        body: new URLSearchParams(params).toString(),
        headers: { ...request.headers, "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params) },
      };
    },
  }];
}

interface Row { target: string; load: string; rps: number; p50: number; p99: number; ok: number; bad: number }

async function load(name: string, base: string, rate: number | null): Promise<Row> {
  const url = `${base}/sms`;
  // autocannon paces a rate as per-second quotas per connection, and its coordinated-omission correction
  // takes 1/rate (per second) as milliseconds, inventing samples; so latencies are recorded as measured.
  const options = { url, connections: CONNECTIONS, requests: signedRequests(url), ...(rate !== null && { overallRate: rate, ignoreCoordinatedOmission: true }) };
  await autocannon({ ...options, duration: 2 }); // warm-up: JIT, SQLite page cache
  const result = await autocannon({ ...options, duration: DURATION });
  return {
    target: name, load: rate === null ? "max" : `${rate}/s`,
    rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99,
    ok: result["2xx"], bad: result.non2xx + result.errors + result.timeouts,
  };
}

async function main(): Promise<void> {
  const profDir = args.includes("--cpu-prof") ? path.join(repo, "bench/results/server-prof") : null;
  const bare = await spawnTarget("bare", profDir);
  const full = await spawnTarget("full", profDir);
  const rows: Row[] = [];
  for (const rate of [RATE, null]) {
    rows.push(await load("bare Express 5 route", bare.ready.url, rate));
    rows.push(await load("runtime (createApp + SQLite)", full.ready.url, rate));
  }
  const raw = new Database(full.ready.db!, { readonly: true });
  const inbound = (raw.prepare("SELECT COUNT(*) AS n FROM inbound").get() as { n: number }).n;
  const outbox = (raw.prepare("SELECT COUNT(*) AS n FROM outbox").get() as { n: number }).n;
  raw.close();
  await stopTarget(bare.child);
  await stopTarget(full.child);

  console.log(`\nSigned webhooks, ${CONNECTIONS} connections, ${DURATION} s per run (after 2 s warm-up), ${FROM_NUMBERS} From numbers, node ${process.version}, ${os.cpus().length} CPUs, database in ${DB_DIR}\n`);
  console.log("| target | load | req/s | p50 ms | p99 ms | 2xx | errors/non-2xx |");
  console.log("|---|---|---:|---:|---:|---:|---:|");
  for (const r of rows) console.log(`| ${r.target} | ${r.load} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.ok} | ${r.bad} |`);
  const full2xx = rows.filter((r) => r.target.startsWith("runtime")).reduce((n, r) => n + r.ok, 0);
  console.log(`\nruntime store: ${inbound} inbound claims, ${outbox} outbox rows (timed runs answered ${full2xx} × 2xx; warm-ups add the rest)`);

  const [bareRated, fullRated, bareMax, fullMax] = rows as [Row, Row, Row, Row];
  const share = fullMax.rps / bareMax.rps;
  const checks = [
    { name: `max throughput ≥ 50% of the bare route`, ok: share >= 0.5, detail: `${(share * 100).toFixed(0)}%` },
    { name: `p99 < 50 ms at ${RATE} req/s`, ok: fullRated.p99 < 50, detail: `${fullRated.p99} ms` },
    { name: `no errors`, ok: rows.every((r) => r.bad === 0), detail: rows.map((r) => r.bad).join("/") },
    { name: `held ${RATE} req/s`, ok: fullRated.rps >= RATE * 0.95 && bareRated.rps >= RATE * 0.95, detail: `${fullRated.rps.toFixed(0)} req/s` },
  ];
  console.log("");
  for (const c of checks) console.log(`${c.ok ? "PASS" : "FAIL"}  ${c.name}: ${c.detail}`);
  if (profDir) console.log(`\nCPU profiles of the server processes: ${profDir}/{bare,full} (open in Chrome DevTools → Performance)`);
  process.exitCode = checks.every((c) => c.ok) ? 0 : 1;
}

if (args.includes("--serve")) await serve(args[args.indexOf("--serve") + 1] as Target);
else await main();
