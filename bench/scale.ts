/**
 * @module `npm run bench:scale`: the scale load of test/scale/ at a larger size, on 1 and 3 `bot run`
 * processes sharing one PostgreSQL database (a throwaway cluster), and 1 process on SQLite, in one run.
 * Prints messages/s in (webhooks accepted) and out (messages Twilio accepted), webhook p50/p99, and where
 * the CPU time went (bot processes, the emulator and load driver, PostgreSQL). Then the webhook path on
 * SQLite flat out (`bench:server`) of this tree against a baseline tree, the last one before the inbound
 * queue, extracted from git and run the same way in the same run.
 *
 * Options: `--users N` (300), `--messages N` (4), `--gap MS` (300, between one user's messages),
 * `--server-duration S` (5, per `bench:server` measurement), `--server-connections N,M` (20,60), `--baseline REV` (the tree before the inbound
 * queue; `none` skips the comparison), `--only sqlite|postgres|server` (one part only).
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { postgresBin, startCluster } from "../test/scale/cluster.ts";
import type { Cluster } from "../test/scale/cluster.ts";
import { account, drive, percentile, scripts, settle, startRig } from "../test/scale/load.ts";
import type { ScaleRig } from "../test/scale/load.ts";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const flag = (name: string, fallback: number) => Number(option(name) ?? fallback);
const USERS = flag("--users", 300);
const MESSAGES = flag("--messages", 4);
const GAP = flag("--gap", 300);
const SERVER_DURATION = flag("--server-duration", 5);
/** bench:server's own 20 connections, and more: Twilio sends many users' webhooks at once. */
const SERVER_CONNECTIONS = (option("--server-connections") ?? "20,60").split(",").map(Number);
/** The parent of the commit that put the durable inbound queue in (the webhook ran the step itself then). */
const BASELINE = option("--baseline") ?? "14fe13c^";
const ONLY = option("--only");
/** A run is over when every reply is there, or when none came for this long (what is missing then is lost, not late). */
const QUIET_MS = 30_000;

/** CPU seconds (user + system) of a process from /proc, or 0 where /proc is missing. */
function cpuOf(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

/** The PostgreSQL server's CPU: the postmaster and every backend it forked (their times add up on exit into cutime). */
function postgresCpu(dataDir: string | null): number {
  if (dataDir === null) return 0;
  try {
    const postmaster = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    let total = cpuOf(postmaster);
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]?.split(" ");
      if (stat && Number(stat[1]) === postmaster) total += cpuOf(Number(entry));
    }
    return total;
  } catch {
    return 0;
  }
}

interface Row {
  setup: string;
  messagesIn: number;
  repliesOut: number;
  inPerSec: number;
  outPerSec: number;
  p50: number;
  p99: number;
  /** From the last webhook accepted to the last reply: the backlog the load left. */
  drainS: number;
  lost: number;
  duplicated: number;
  wallS: number;
  cpuBots: number;
  cpuDriver: number;
  cpuDb: number;
}

async function measure(setup: string, rig: ScaleRig, offset: number, dataDir: string | null): Promise<Row> {
  const users = scripts(USERS, { offset, messages: MESSAGES, gapMs: GAP, stopEvery: 0 });
  const before = { bots: rig.processes.map((p) => cpuOf(p.child.pid!)), driver: process.cpuUsage(), db: postgresCpu(dataDir) };
  const load = await drive(rig, users);
  // No overall deadline: a slow setup shows as a long drain, and only what never came counts as lost.
  await settle(rig, users, { quietMs: QUIET_MS, timeoutMs: 3_600_000 });
  const phones = new Set(users.map((u) => u.phone));
  const outbound = rig.emulator.messages().filter((m) => m.direction === "outbound-api" && phones.has(m.to));
  const lastOut = Math.max(...outbound.map((m) => m.dateCreated));
  const acc = account(rig, users);
  const driver = process.cpuUsage(before.driver);
  return {
    setup,
    messagesIn: load.inbound,
    repliesOut: outbound.length,
    inPerSec: load.inbound / ((load.acceptedAt - load.startedAt) / 1000),
    outPerSec: outbound.length / ((lastOut - load.startedAt) / 1000),
    p50: percentile(load.latencies, 50),
    p99: percentile(load.latencies, 99),
    drainS: Math.max(0, lastOut - load.acceptedAt) / 1000,
    lost: acc.lost,
    duplicated: acc.duplicated,
    wallS: (lastOut - load.startedAt) / 1000,
    cpuBots: rig.processes.reduce((sum, p, i) => sum + cpuOf(p.child.pid!) - before.bots[i]!, 0),
    cpuDriver: (driver.user + driver.system) / 1e6,
    cpuDb: postgresCpu(dataDir) - before.db,
  };
}

/** The runtime rows of one `bench:server` table, by column name. */
interface ServerRow {
  load: string;
  rps: number;
  p50: number;
  p99: number;
  /** Steps committed per second; the baseline ran the step inside the webhook, so there it is req/s. */
  steps: number;
  cpuPerReq: number;
  errors: number;
  /** The baseline's two runs, steps/s lowest–highest. */
  range?: string;
}

/** Runs `bench:server` of the tree at `dir` in its own process and reads its table. */
async function serverBench(dir: string, connections: number): Promise<ServerRow[]> {
  const script = [path.join(dir, "bin/run-ts.js"), path.join(dir, "bench/server.ts")];
  const child = spawn(process.execPath, [...script, "--duration", String(SERVER_DURATION), "--connections", String(connections)], {
    cwd: dir,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => child.on("exit", resolve));
  const lines = out.split("\n").filter((l) => l.startsWith("|"));
  const header = lines[0]?.split("|").map((c) => c.trim()) ?? [];
  const column = (cells: string[], name: string) => cells[header.indexOf(name)] ?? "";
  const number = (text: string) => Number(text.replace(/\s*\[.*\]$/, ""));
  const rows = lines
    .map((l) => l.split("|").map((c) => c.trim()))
    .filter((cells) => cells[1]?.startsWith("runtime"))
    .map((cells) => {
      const rps = number(column(cells, "req/s"));
      const steps = header.includes("steps/s") ? number(column(cells, "steps/s")) : rps;
      return {
        load: column(cells, "load"),
        rps,
        p50: number(column(cells, "p50 ms")),
        p99: number(column(cells, "p99 ms")),
        steps,
        cpuPerReq: number(column(cells, "server CPU ms/req")),
        errors: number(column(cells, "errors/non-2xx")),
      };
    });
  if (rows.length === 0) throw new Error(`bench:server in ${dir} printed no runtime rows:\n${out.slice(-2000)}`);
  return rows;
}

/** The baseline tree from git, its dependencies those of this checkout (the baseline's are a subset at the same versions). */
function extractBaseline(rev: string): { dir: string; commit: string } | { error: string } {
  const commit = spawnSync("git", ["-C", repo, "rev-parse", "--short", rev], { encoding: "utf8" });
  if (commit.status !== 0)
    return { error: `git cannot find ${rev} (${commit.stderr.trim() || "no git"}); a shallow clone has no history: fetch it or pass --baseline none` };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-bench-baseline-"));
  const tar = path.join(dir, "tree.tar");
  const archive = spawnSync("git", ["-C", repo, "archive", "--output", tar, rev], { encoding: "utf8" });
  const extract = archive.status === 0 ? spawnSync("tar", ["-xf", tar, "-C", dir], { encoding: "utf8" }) : archive;
  if (extract.status !== 0) return { error: `could not extract ${rev}: ${extract.stderr.trim()}` };
  fs.rmSync(tar);
  fs.symlinkSync(path.join(repo, "node_modules"), path.join(dir, "node_modules"));
  return { dir, commit: commit.stdout.trim() };
}

const fmt = (n: number, digits = 0) => n.toFixed(digits);
const loadBefore = os.loadavg();
const startedAt = Date.now();
const rows: Row[] = [];
const bin = postgresBin();
let cluster: Cluster | null = null;
try {
  if (ONLY === undefined || ONLY === "sqlite") {
    const sqlite = await startRig({ databaseUrl: "", processes: 1 });
    rows.push(await measure("SQLite, 1 process", sqlite, 0, null));
    await sqlite.close();
  }
  if (ONLY === undefined || ONLY === "postgres") {
    if (bin === null) {
      console.warn("bench:scale: no PostgreSQL server binaries (initdb) found; the PostgreSQL rows are not measured. Install postgresql or set PG_BIN.");
    } else {
      cluster = await startCluster(bin);
      for (const count of [1, 3]) {
        await cluster.createDatabase(`bench_${count}`);
        const rig = await startRig({ databaseUrl: cluster.url(`bench_${count}`), processes: count });
        rows.push(await measure(`PostgreSQL, ${count} process${count === 1 ? "" : "es"}`, rig, count * 1_000_000, cluster.dataDir));
        await rig.close();
      }
    }
  }
} finally {
  await cluster?.destroy();
}
const loadMid = os.loadavg();

interface ServerComparison {
  connections: number;
  baseline: ServerRow[];
  current: ServerRow[];
}
let server: { runs: ServerComparison[]; commit: string } | { error: string } | null = null;
if ((ONLY === undefined || ONLY === "server") && BASELINE !== "none") {
  const baseline = extractBaseline(BASELINE);
  if ("error" in baseline) server = baseline;
  else {
    try {
      const runs: ServerComparison[] = [];
      for (const connections of SERVER_CONNECTIONS) {
        // Baseline, this tree, baseline again: the two baseline runs frame this tree's, so a neighbour's
        // load that comes or goes shows as a spread between them rather than as a verdict.
        const first = await serverBench(baseline.dir, connections);
        const current = await serverBench(repo, connections);
        const second = await serverBench(baseline.dir, connections);
        const mean = (a: number, b: number) => (a + b) / 2;
        const base = first.map((r, i) => {
          const o = second[i] ?? r;
          return {
            load: r.load,
            rps: mean(r.rps, o.rps),
            p50: mean(r.p50, o.p50),
            p99: mean(r.p99, o.p99),
            steps: mean(r.steps, o.steps),
            cpuPerReq: mean(r.cpuPerReq, o.cpuPerReq),
            errors: r.errors + o.errors,
            range: `${fmt(Math.min(r.steps, o.steps))}–${fmt(Math.max(r.steps, o.steps))}`,
          };
        });
        runs.push({ connections, baseline: base, current });
      }
      server = { runs, commit: baseline.commit };
    } finally {
      fs.rmSync(baseline.dir, { recursive: true, force: true });
    }
  }
}
const loadAfter = os.loadavg();

const la = (l: number[]) => l.map((v) => v.toFixed(1)).join(" ");
console.log(
  `\nbench:scale: ${USERS} users x ${MESSAGES} messages (${GAP} ms apart), each answered with 2 messages (one delayed 0.5 s), strict ordering; node ${process.version}, ${os.cpus().length} CPUs; load average ${la(loadBefore)} before, ${la(loadMid)} after the scale rows, ${la(loadAfter)} at the end (${fmt((Date.now() - startedAt) / 1000)} s)\n`,
);
if (rows.length > 0) {
  console.log(
    "| setup | messages in | replies out | msgs/s in | msgs/s out | webhook p50 ms | webhook p99 ms | drain s | lost | duplicated | CPU s: bots | CPU s: emulator+driver | CPU s: PostgreSQL |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    console.log(
      `| ${r.setup} | ${r.messagesIn} | ${r.repliesOut} | ${fmt(r.inPerSec, 1)} | ${fmt(r.outPerSec, 1)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.drainS, 1)} | ${r.lost} | ${r.duplicated} | ${fmt(r.cpuBots, 1)} | ${fmt(r.cpuDriver, 1)} | ${fmt(r.cpuDb, 1)} |`,
    );
  }
  console.log(
    `\nmsgs/s in is bounded by the users' own pace (--gap); out follows strict ordering (each message waits for the previous one's status callback). drain: from the last webhook accepted to the last reply. lost: replies still missing after ${QUIET_MS / 1000} s without any new one.`,
  );
  console.log("\nWhere the time goes (CPU seconds over the run's wall time, on a machine of " + os.cpus().length + " CPUs):");
  for (const r of rows) {
    const total = r.cpuBots + r.cpuDriver + r.cpuDb;
    const share = (n: number) => `${fmt((100 * n) / Math.max(total, 1e-9))}%`;
    console.log(
      `- ${r.setup}: ${fmt(total, 1)} CPU s in ${fmt(r.wallS, 1)} s (${fmt(total / r.wallS, 2)} CPUs busy): bots ${share(r.cpuBots)}, emulator+driver ${share(r.cpuDriver)}, PostgreSQL ${share(r.cpuDb)}; ${fmt((1000 * r.cpuBots) / Math.max(r.messagesIn, 1), 1)} bot CPU ms per message in`,
    );
  }
}
if (server !== null) {
  console.log(`\nThe webhook path on SQLite flat out (bench:server, ${SERVER_DURATION} s per measurement), this tree against ${BASELINE}:`);
  if ("error" in server) console.log(`  not measured: ${server.error}`);
  else {
    console.log("\n| connections | tree | load | req/s | p50 ms | p99 ms | steps/s | server CPU ms/req | errors |");
    console.log("|---:|---|---|---:|---:|---:|---:|---:|---:|");
    const line = (connections: number, tree: string, r: ServerRow) =>
      console.log(
        `| ${connections} | ${tree} | ${r.load} | ${fmt(r.rps)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.steps)}${r.range ? ` [${r.range}]` : ""} | ${r.cpuPerReq.toFixed(3)} | ${r.errors} |`,
      );
    for (const run of server.runs) {
      for (const r of run.baseline) line(run.connections, `baseline ${server.commit} (step inside the webhook; mean of 2 runs around this tree's)`, r);
      for (const r of run.current) line(run.connections, "this tree (inbound queue: stored, answered, then run)", r);
    }
    console.log("");
    for (const run of server.runs) {
      const maxBase = run.baseline.find((r) => r.load === "max");
      const maxNow = run.current.find((r) => r.load === "max");
      if (!maxBase || !maxNow) continue;
      console.log(
        `${run.connections} connections, flat out: steps/s ${fmt(maxNow.steps)} vs baseline ${fmt(maxBase.steps)} [${maxBase.range}] (${fmt((100 * maxNow.steps) / maxBase.steps)}%); server CPU per message ${maxNow.cpuPerReq.toFixed(3)} vs ${maxBase.cpuPerReq.toFixed(3)} ms (${fmt((100 * maxNow.cpuPerReq) / maxBase.cpuPerReq)}%)`,
      );
    }
  }
}
